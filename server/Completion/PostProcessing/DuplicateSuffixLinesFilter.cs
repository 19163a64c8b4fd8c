namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>
/// Drops the completion's lines from the first one that repeats the line right after the cursor. A repeated line of bare
/// punctuation (a lone <c>}</c>) only counts when everything after it repeats the following lines too.
/// </summary>
public sealed class DuplicateSuffixLinesFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.Provisional;

    public string? Apply(string completion, CompletionContext context)
    {
        var following = context.FollowingLines;
        if (following.Count == 0)
            return completion;
        var lines = completion.Split('\n');
        // The first line continues the cursor's line unless that line is empty on both sides of the cursor.
        var firstWholeLine = string.IsNullOrWhiteSpace(context.LinePrefix) && string.IsNullOrWhiteSpace(context.LineSuffix) ? 0 : 1;
        for (var index = firstWholeLine; index < lines.Length; index++)
        {
            if (lines[index].Trim() != following[0])
                continue;
            if (following[0].Any(char.IsLetterOrDigit) || RepeatsToTheEnd(lines[index..], following))
                return string.Join('\n', lines[..index]).TrimEnd();
        }
        return completion;
    }

    private static bool RepeatsToTheEnd(string[] lines, IReadOnlyList<string> following)
    {
        var rest = lines.Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        return rest.Count <= following.Count && rest.SequenceEqual(following.Take(rest.Count));
    }
}
