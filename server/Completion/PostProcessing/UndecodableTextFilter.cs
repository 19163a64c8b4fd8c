namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>
/// Ends the completion before the first U+FFFD: the model wrote bytes that are not UTF-8 there (a small model does), and
/// whatever follows in that run of bytes is no code the user could mean. A multi-byte character split across tokens is
/// whole by the time text reaches the filters (the stream holds its first bytes back), so it is never cut here.
/// </summary>
public sealed class UndecodableTextFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.ForGood;

    public string? Apply(string completion, CompletionContext context) =>
        completion.IndexOf('\uFFFD') is var end and >= 0 ? completion[..end].TrimEnd() : completion;
}
