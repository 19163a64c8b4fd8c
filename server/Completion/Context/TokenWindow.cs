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
        var lines = SplitKeepingNewlines(prefix);
        var first = lines.Count - 1;
        var used = countTokens(lines[first]);
        while (first > 0 && used + countTokens(lines[first - 1]) <= budget)
            used += countTokens(lines[--first]);
        while (first < lines.Count - 1 && countTokens(string.Concat(lines.Skip(first))) > budget)
            first++;
        return string.Concat(lines.Skip(first));
    }

    public static string Suffix(string suffix, int budget, Func<string, int> countTokens)
    {
        var lines = SplitKeepingNewlines(suffix);
        var count = 1;
        var used = countTokens(lines[0]);
        while (count < lines.Count && used + countTokens(lines[count]) <= budget)
            used += countTokens(lines[count++]);
        while (count > 1 && countTokens(string.Concat(lines.Take(count))) > budget)
            count--;
        return string.Concat(lines.Take(count));
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
