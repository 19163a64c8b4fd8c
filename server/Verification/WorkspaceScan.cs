using System.IO.Enumeration;

namespace CodeAssist.Server.Verification;

/// <summary>
/// Finds a folder's files without walking a whole disk: build output and hidden folders are not entered, symbolic
/// links are not followed, and the walk stops after <see cref="MaxEntries"/> entries or <see cref="MaxBytes"/> of
/// matching files (an editor opened on / or a home directory), saying so in <see cref="Stopped"/>.
/// </summary>
public sealed class WorkspaceScan(int maxEntries = WorkspaceScan.MaxEntries, long maxBytes = WorkspaceScan.MaxBytes)
{
    public const int MaxEntries = 100_000;
    public const long MaxBytes = 64L << 20;

    /// <summary>Why the last scan stopped early; null when it saw everything.</summary>
    public string? Stopped { get; private set; }

    public IReadOnlyList<string> Files(string folder, string pattern)
    {
        Stopped = null;
        if (!Directory.Exists(folder))
            return [];
        var (entries, bytes) = (0, 0L);
        var found = new List<string>();
        var walk = new FileSystemEnumerable<(string Path, long Length, bool IsFile)>(folder,
            (ref FileSystemEntry entry) => (entry.ToFullPath(), entry.Length, !entry.IsDirectory),
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
        {
            ShouldRecursePredicate = (ref FileSystemEntry entry) => !(entry.FileName is "bin" or "obj" || entry.FileName.StartsWith('.')),
        };
        foreach (var (path, length, isFile) in walk)
        {
            if (++entries > maxEntries)
            {
                Stopped = $"stopped scanning {folder} after {maxEntries:N0} entries; files further in are not checked against";
                break;
            }
            if (!isFile || Path.GetFileName(path).StartsWith('.') || !FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(path)))
                continue;
            if ((bytes += length) > maxBytes)
            {
                Stopped = $"stopped scanning {folder} after {maxBytes >> 20} MB of {pattern} files; the rest are not checked against";
                break;
            }
            found.Add(path);
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
