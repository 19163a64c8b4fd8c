namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>One post-processing step: the completion cleaned up, or null when nothing worth showing is left.</summary>
public interface ICompletionFilter
{
    string? Apply(string completion, CompletionContext context);
}
