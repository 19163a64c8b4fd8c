namespace CodeAssist.Telemetry.Statistics;

/// <summary>Pooled two-proportion z-test (equivalent to the uncorrected chi-square test on the 2x2 table).</summary>
public static class TwoProportionZTest
{
    public static double Z(int successes1, int n1, int successes2, int n2)
    {
        var p1 = (double)successes1 / n1;
        var p2 = (double)successes2 / n2;
        var pooled = (double)(successes1 + successes2) / (n1 + n2);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return standardError == 0 ? 0 : (p1 - p2) / standardError;
    }

    public static double TwoSidedP(int successes1, int n1, int successes2, int n2) =>
        NormalDistribution.TwoSidedP(Z(successes1, n1, successes2, n2));
}
