namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>Runs filters in order; the first null ends the run.</summary>
public sealed class CompletionPostProcessor(IReadOnlyList<ICompletionFilter> filters) : ICompletionFilter
{
    /// <summary>
    /// Cut to one line first when mid-line, then drop what repeats the document, then fix the shape: brackets before
    /// indentation (the scope check reads normalised indentation), emptiness last.
    /// </summary>
    public static readonly CompletionPostProcessor Default = new([
        new SingleLineFilter(),
        new SuffixOverlapFilter(),
        new DuplicateSuffixLinesFilter(),
        new BracketBalanceFilter(),
        new IndentationFilter(),
        new ScopeFilter(),
        new EmptyResultFilter(),
    ]);

    public IReadOnlyList<ICompletionFilter> Filters { get; } = filters;

    public string? Apply(string completion, CompletionContext context)
    {
        string? result = completion.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var filter in Filters)
        {
            result = filter.Apply(result, context);
            if (result is null)
                return null;
        }
        return result;
    }
}
