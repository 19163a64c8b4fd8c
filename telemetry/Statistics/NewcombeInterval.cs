namespace CodeAssist.Telemetry.Statistics;

/// <summary>Newcombe's hybrid score interval (his method 10) for p1 - p2, built from the two Wilson intervals.</summary>
public static class NewcombeInterval
{
    public static (double Difference, double Low, double High) ForDifference(
        int successes1, int n1, int successes2, int n2, double z = NormalDistribution.Z95)
    {
        var p1 = (double)successes1 / n1;
        var p2 = (double)successes2 / n2;
        var (low1, high1) = Proportion.WilsonBounds(successes1, n1, z);
        var (low2, high2) = Proportion.WilsonBounds(successes2, n2, z);
        var difference = p1 - p2;
        var low = difference - Math.Sqrt(Square(p1 - low1) + Square(high2 - p2));
        var high = difference + Math.Sqrt(Square(high1 - p1) + Square(p2 - low2));
        return (difference, low, high);
    }

    private static double Square(double x) => x * x;
}
