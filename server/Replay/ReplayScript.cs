namespace CodeAssist.Server.Replay;

/// <summary>
/// One edit site: in <see cref="File"/> the developer deletes <see cref="Removed"/> from <see cref="Start"/> (the rest of a
/// line, sometimes the next lines of its block too) and types it back.
/// </summary>
public sealed record ReplayEdit(string File, int Start, string Removed, int Line, int Column)
{
    /// <summary>Stable across runs: the file and the 1-based line and column of the cursor.</summary>
    public string Id => $"{File}:{Line + 1}:{Column + 1}";
}

/// <summary>A file to open (its text with '\n' line ends) and its edit sites, in document order, none overlapping.</summary>
public sealed record ReplayFile(string RelativePath, string Text, IReadOnlyList<ReplayEdit> Edits);

/// <summary>What every format replays, keystroke for keystroke: the paired design.</summary>
public sealed record ReplayScript(string Repository, int Seed, IReadOnlyList<ReplayFile> Files)
{
    public IEnumerable<ReplayEdit> Edits => Files.SelectMany(f => f.Edits);
}

/// <summary>Bad input to <c>replay</c>: the message is shown as it is.</summary>
public sealed class ReplayInputException(string message) : Exception(message);
