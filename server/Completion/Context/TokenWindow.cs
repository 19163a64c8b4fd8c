namespace CodeAssist.Server.Completion.Context;

/// <summary>
/// Cuts the text before and after the cursor to a token budget at line boundaries. The cursor's own line is always kept:
/// without it the model cannot continue. Lines are counted one by one and the result checked once, so a tokenizer whose
/// tokens span line breaks still stays within the budget.
/// </summary>
public static class TokenWindow
{
    public static string Prefix(string prefix, int budget, Func<string, int> countTokens)
    {
        var nearestFirst = SplitKeepingNewlines(prefix);
        nearestFirst.Reverse();
        return KeepNearest(nearestFirst, budget, countTokens, lines => string.Concat(lines.Reverse()));
    }

    public static string Suffix(string suffix, int budget, Func<string, int> countTokens) =>
        KeepNearest(SplitKeepingNewlines(suffix), budget, countTokens, string.Concat);

    private static string KeepNearest(List<string> nearestFirst, int budget, Func<string, int> countTokens, Func<IEnumerable<string>, string> join)
    {
        var count = 1;
        var used = countTokens(nearestFirst[0]);
        while (count < nearestFirst.Count && used + countTokens(nearestFirst[count]) <= budget)
            used += countTokens(nearestFirst[count++]);
        while (count > 1 && countTokens(join(nearestFirst.Take(count))) > budget)
            count--;
        return join(nearestFirst.Take(count));
    }

    /// <summary>Lines with their line breaks; the last may be partial (or empty).</summary>
    private static List<string> SplitKeepingNewlines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var end = text.IndexOf('\n'); end >= 0; end = text.IndexOf('\n', start))
        {
            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }
        lines.Add(text[start..]);
        return lines;
    }
}
