using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CodeAssist.Telemetry;

namespace CodeAssist.Server.Models;

/// <summary>
/// Computes <see cref="ModelFingerprint"/>s. The sha256 runs over all parts in order, streamed, and is cached on disk
/// keyed by each part's path, size and modification time, so fingerprinting a model again costs only a header read.
/// </summary>
public sealed class ModelFingerprinter(string cacheDirectory)
{
    public ModelFingerprinter() : this(Path.Combine(AppPaths.CacheDirectory, "model-sha256"))
    {
    }

    public async Task<ModelFingerprint> ComputeAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = GgufReader.Open(path);
        var parts = file.Parts.Select(p => p.Path).ToArray();
        var cacheFile = Path.Combine(cacheDirectory, CacheKey(parts) + ".sha256");
        var sha256 = ReadCached(cacheFile);
        if (sha256 is null)
        {
            sha256 = await HashAsync(parts, cancellationToken);
            Directory.CreateDirectory(cacheDirectory);
            await File.WriteAllTextAsync(cacheFile, sha256, cancellationToken);
        }
        return ModelFingerprint.FromHeaders(file, sha256);
    }

    private static string? ReadCached(string cacheFile)
    {
        if (!File.Exists(cacheFile))
            return null;
        var text = File.ReadAllText(cacheFile).Trim();
        return text.Length == 64 ? text : null;
    }

    private static string CacheKey(IEnumerable<string> parts)
    {
        var identity = new StringBuilder();
        foreach (var part in parts)
        {
            var info = new FileInfo(part);
            identity.Append(info.FullName).Append('|').Append(info.Length.ToString(CultureInfo.InvariantCulture))
                .Append('|').Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())));
    }

    private static async Task<string> HashAsync(IEnumerable<string> parts, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var part in parts)
        {
            await using var stream = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
