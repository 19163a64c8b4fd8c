namespace CodeAssist.Server.Training;

/// <summary>
/// The corpus's .cs files split by file into training and held-out validation: a file is held out when the FNV-1a hash
/// of its path relative to the corpus root (with '/' separators) falls in the held-out tenth, so the split never depends
/// on file order, machine or run, and replay can pick held-out files with <see cref="IsHeldOut"/>.
/// </summary>
public sealed record CorpusSplit(string Root, IReadOnlyList<string> Training, IReadOnlyList<string> HeldOut)
{
    private const int Buckets = 10;

    /// <summary>True for the files kept out of training (about 10%); <paramref name="relativePath"/> is relative to the corpus root.</summary>
    public static bool IsHeldOut(string relativePath)
    {
        var hash = 0x811C9DC5u;
        foreach (var c in relativePath.Replace('\\', '/'))
            hash = (hash ^ c) * 0x01000193u;
        return hash % Buckets == 0;
    }

    /// <summary>Lists and splits the .cs files under <paramref name="root"/>; a clear error when there are none to train on.</summary>
    public static CorpusSplit Of(string root)
    {
        if (!Directory.Exists(root))
            throw new TrainingInputException($"corpus folder {root} does not exist");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => new FileInfo(path).Length > 0)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
            throw new TrainingInputException($"corpus folder {root} has no non-empty .cs files to train on");
        var split = new CorpusSplit(Path.GetFullPath(root), files.Where(f => !IsHeldOut(f)).ToArray(), files.Where(IsHeldOut).ToArray());
        if (split.Training.Count == 0 || split.HeldOut.Count == 0)
            throw new TrainingInputException($"corpus folder {root} has {files.Length} .cs file(s); training needs enough files for both a training and a held-out part");
        return split;
    }

    public string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath)).Replace("\r\n", "\n");
}

/// <summary>Bad input to <c>models train</c>: the message is shown as it is.</summary>
public sealed class TrainingInputException(string message) : Exception(message);
