namespace CodeAssist.Benchmarks.Fim;

/// <summary>1 - Levenshtein distance / length of the longer text: 1 is identical, 0 shares nothing.</summary>
public static class EditSimilarity
{
    public static double Of(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0)
            return 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return 1 - (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }
}
