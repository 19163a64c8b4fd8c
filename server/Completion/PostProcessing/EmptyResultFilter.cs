namespace CodeAssist.Server.Completion.PostProcessing;

public sealed class EmptyResultFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.None;

    public string? Apply(string completion, CompletionContext context) => string.IsNullOrWhiteSpace(completion) ? null : completion;
}
