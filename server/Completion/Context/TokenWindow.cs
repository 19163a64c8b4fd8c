namespace CodeAssist.Server.Completion.Context;

/// <summary>
/// Cuts the text before and after the cursor to a token budget at line boundaries. The cursor's own line is always kept:
/// without it the model cannot continue; a line longer than the whole budget (minified code, a data literal) is cut to
/// the part next to the cursor. Lines are counted one by one and the result checked once, so a tokenizer whose tokens
/// span line breaks still stays within the budget.
/// </summary>
public static class TokenWindow
{
    public static string Prefix(string prefix, int budget, Func<string, int> countTokens)
    {
        var nearestFirst = SplitKeepingNewlines(prefix);
        nearestFirst.Reverse();
        nearestFirst[0] = Window(nearestFirst[0], budget, countTokens, (line, chars) => line[^chars..]);
        return KeepNearest(nearestFirst, budget, countTokens, lines => string.Concat(lines.Reverse()));
    }

    public static string Suffix(string suffix, int budget, Func<string, int> countTokens)
    {
        var nearestFirst = SplitKeepingNewlines(suffix);
        nearestFirst[0] = Window(nearestFirst[0], budget, countTokens, (line, chars) => line[..chars]);
        return KeepNearest(nearestFirst, budget, countTokens, string.Concat);
    }

    /// <summary>The cursor's line, or as much of it next to the cursor as fits the budget.</summary>
    private static string Window(string line, int budget, Func<string, int> countTokens, Func<string, int, string> nearest)
    {
        if (countTokens(line) <= budget)
            return line;
        // A token is rarely over 4 characters of code; shrink from there until it fits.
        var chars = Math.Min(line.Length, Math.Max(0, budget) * 4);
        var windowed = nearest(line, chars);
        while (chars > 0 && countTokens(windowed) > budget)
        {
            chars = chars * 3 / 4;
            windowed = nearest(line, chars);
        }
        return windowed;
    }

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
