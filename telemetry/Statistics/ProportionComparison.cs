namespace CodeAssist.Telemetry.Statistics;

/// <summary>Difference of two proportions with its Newcombe 95% CI and a two-sided p-value.</summary>
public sealed record ProportionComparison(double Difference, double Low, double High, double PValue, string Test)
{
    public const string Fisher = "fisher";
    public const string ZTest = "z";

    /// <summary>
    /// Fisher's exact test when any expected cell count is below 5 (where the normal approximation is poor), else the
    /// two-proportion z-test. Null when either sample is empty.
    /// </summary>
    public static ProportionComparison? Compare(int successes1, int n1, int successes2, int n2)
    {
        if (n1 == 0 || n2 == 0)
            return null;
        var (difference, low, high) = NewcombeInterval.ForDifference(successes1, n1, successes2, n2);
        var useFisher = MinimumExpectedCount(successes1, n1, successes2, n2) < 5;
        var p = useFisher
            ? FisherExactTest.TwoSidedP(successes1, n1 - successes1, successes2, n2 - successes2)
            : TwoProportionZTest.TwoSidedP(successes1, n1, successes2, n2);
        return new ProportionComparison(difference, low, high, p, useFisher ? Fisher : ZTest);
    }

    private static double MinimumExpectedCount(int successes1, int n1, int successes2, int n2)
    {
        double total = n1 + n2;
        double successes = successes1 + successes2;
        var failures = total - successes;
        return Math.Min(Math.Min(n1, n2) * successes / total, Math.Min(n1, n2) * failures / total);
    }
}
