namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>With text after the cursor on its line, only the completion's first line fits.</summary>
public sealed class SingleLineFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.ForGood;

    public string? Apply(string completion, CompletionContext context) =>
        context.CursorMidLine && completion.IndexOf('\n') is var end and >= 0 ? completion[..end].TrimEnd() : completion;
}
