namespace CodeAssist.Telemetry.Statistics;

public static class Percentile
{
    /// <summary>Linear interpolation between closest ranks (Hyndman-Fan type 7, the R and NumPy default); null when empty.</summary>
    public static double? Of(IEnumerable<double> values, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var rank = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
