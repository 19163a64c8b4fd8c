namespace CodeAssist.Telemetry.Survival;

/// <summary>
/// How much of an accepted suggestion is still there (Refact's survival measure): 1 - d / |accepted|, where d is the edit
/// distance between the accepted text and the substring of the current region that matches it best. The best window may
/// start anywhere, so text that moved within the region still counts as surviving.
/// </summary>
public static class SurvivalScorer
{
    /// <param name="acceptedText">The text the user accepted.</param>
    /// <param name="currentRegionText">The region around where it was inserted, as the document reads now. The cost is
    /// O(|accepted| x |region|), so pass a region (a few lines around the insertion), not the whole file.</param>
    /// <returns>A fraction in [0, 1]; 1 when nothing was accepted.</returns>
    public static double Score(string acceptedText, string currentRegionText)
    {
        if (acceptedText.Length == 0)
            return 1;
        var distance = BestWindowDistance(acceptedText, currentRegionText);
        return Math.Max(0, 1 - (double)distance / acceptedText.Length);
    }

    /// <summary>
    /// Sellers' approximate substring matching: Levenshtein distance with a free start and end in <paramref name="text"/>.
    /// </summary>
    internal static int BestWindowDistance(string pattern, string text)
    {
        // previous[j]: distance of pattern[..i-1] to the best window ending at text[j-1]; row 0 is all zeros (free start).
        var previous = new int[text.Length + 1];
        var current = new int[text.Length + 1];
        for (var i = 1; i <= pattern.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= text.Length; j++)
            {
                var substitution = previous[j - 1] + (pattern[i - 1] == text[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous.Min();
    }
}
