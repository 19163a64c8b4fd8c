namespace CodeAssist.Server.Completion.PostProcessing;

public sealed class EmptyResultFilter : ICompletionFilter
{
    public string? Apply(string completion, CompletionContext context) => string.IsNullOrWhiteSpace(completion) ? null : completion;
}
