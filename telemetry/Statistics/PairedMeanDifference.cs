namespace CodeAssist.Telemetry.Statistics;

/// <summary>
/// The mean of paired differences (first − second, item by item) with its 95% t interval, as R's
/// <c>t.test(first, second, paired = TRUE)</c>. Pairing removes the items' own spread, which dwarfs a format's effect.
/// </summary>
public sealed record PairedMeanDifference(double Mean, double Low, double High, int N)
{
    public double Width => High - Low;

    public bool ExcludesZero => Low > 0 || High < 0;

    /// <summary>Null below two pairs, where there is no spread to build an interval from.</summary>
    public static PairedMeanDifference? Of(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        if (first.Count != second.Count)
            throw new ArgumentException($"paired samples need equal sizes, got {first.Count} and {second.Count}");
        var n = first.Count;
        if (n < 2)
            return null;
        var differences = first.Zip(second, (a, b) => a - b).ToArray();
        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        var halfWidth = StudentTDistribution.TwoSidedCritical(n - 1) * Math.Sqrt(variance / n);
        return new PairedMeanDifference(mean, mean - halfWidth, mean + halfWidth, n);
    }
}
