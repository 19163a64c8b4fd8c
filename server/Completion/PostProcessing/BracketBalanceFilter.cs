namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>
/// Ends the completion at a closer that does not match, or that closes a bracket opened before the cursor which the text
/// after the cursor already closes: that closer belongs to the enclosing scope and would be doubled.
/// </summary>
public sealed class BracketBalanceFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.ForGood;

    public string? Apply(string completion, CompletionContext context)
    {
        var openBefore = context.OpenBeforeCursor;
        // The suffix closes the innermost openers first, so once it closes any, closing one here would shift its closers outwards.
        var closable = context.SuffixClosersOfOuterOpeners == 0 ? openBefore.Count : 0;
        var own = new Stack<char>();
        foreach (var (index, bracket) in BracketScanner.Brackets(completion))
        {
            if (BracketScanner.IsOpener(bracket))
            {
                own.Push(bracket);
                continue;
            }
            var opener = BracketScanner.OpenerOf(bracket);
            if (own.Count > 0 && own.Peek() == opener)
                own.Pop();
            else if (own.Count == 0 && closable > 0 && openBefore[closable - 1] == opener)
                closable--;
            else
                return completion[..index].TrimEnd();
        }
        return completion;
    }
}
