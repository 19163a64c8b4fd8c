namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>One post-processing step: the completion cleaned up, or null when nothing worth showing is left.</summary>
public interface ICompletionFilter
{
    string? Apply(string completion, CompletionContext context);

    /// <summary>Whether a cut this filter makes can be undone by more text after it; what generation may stop on.</summary>
    FilterCut Cut { get; }
}

public enum FilterCut
{
    /// <summary>Reshapes or drops the whole text; never ends it early.</summary>
    None,

    /// <summary>Ends the text at a point decided by the text before it alone: whatever is generated after it is cut away too.</summary>
    ForGood,

    /// <summary>Ends the text at a point that more text could move (the overlap with the suffix goes on or stops matching).</summary>
    Provisional,
}
