namespace CodeAssist.Telemetry.Statistics;

/// <summary>An observed rate with its Wilson 95% score interval; all null when there is no observation.</summary>
public sealed record Proportion(double? Rate, double? Low, double? High, int N)
{
    public int Successes { get; init; }

    /// <summary>Wilson score interval; unlike the Wald interval it behaves at 0, at 1 and for small n.</summary>
    public static Proportion Wilson(int successes, int n, double z = NormalDistribution.Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        if (n == 0)
            return new Proportion(null, null, null, 0);
        var (low, high) = WilsonBounds(successes, n, z);
        return new Proportion((double)successes / n, low, high, n) { Successes = successes };
    }

    internal static (double Low, double High) WilsonBounds(int successes, int n, double z)
    {
        var p = (double)successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var halfWidth = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - halfWidth), Math.Min(1, centre + halfWidth));
    }
}
