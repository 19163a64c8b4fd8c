namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>Runs filters in order; the first null ends the run.</summary>
public sealed class CompletionPostProcessor(IReadOnlyList<ICompletionFilter> filters) : ICompletionFilter
{
    /// <summary>
    /// Cut at undecodable bytes, then to one line when mid-line, then drop what repeats the document, then fix the shape:
    /// brackets before indentation (the scope check reads normalised indentation), emptiness last.
    /// </summary>
    public static readonly CompletionPostProcessor Default = new([
        new UndecodableTextFilter(),
        new SingleLineFilter(),
        new SuffixOverlapFilter(),
        new DuplicateSuffixLinesFilter(),
        new BracketBalanceFilter(),
        new IndentationFilter(),
        new ScopeFilter(),
        new EmptyResultFilter(),
    ]);

    public IReadOnlyList<ICompletionFilter> Filters { get; } = filters;

    /// <summary>Some of its filters' cuts can move with more text.</summary>
    public FilterCut Cut => FilterCut.Provisional;

    public string? Apply(string completion, CompletionContext context)
    {
        string? result = Normalise(completion);
        foreach (var filter in Filters)
        {
            result = filter.Apply(result, context);
            if (result is null)
                return null;
        }
        return result;
    }

    /// <summary>
    /// Whether a filter has already cut a partial completion for good, so that anything generated after it would be cut
    /// away as well and generation can stop. Provisional cuts are skipped: they only ever end the text earlier.
    /// </summary>
    public bool IsComplete(string partial, CompletionContext context)
    {
        string? result = Normalise(partial);
        foreach (var filter in Filters.Where(filter => filter.Cut != FilterCut.Provisional))
        {
            var next = filter.Apply(result, context);
            if (next is null)
                return false;
            if (filter.Cut == FilterCut.ForGood && next.Length < result.Length)
                return true;
            result = next;
        }
        return false;
    }

    private static string Normalise(string completion) => completion.Replace("\r\n", "\n", StringComparison.Ordinal);
}
