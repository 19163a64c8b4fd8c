namespace CodeAssist.Telemetry.Statistics;

/// <summary>Fisher's exact test on a 2x2 table [[a, b], [c, d]], two-sided as in R's fisher.test.</summary>
public static class FisherExactTest
{
    /// <summary>
    /// Sum of the hypergeometric probabilities of all tables with the observed margins that are no more likely than the
    /// observed one (with R's relative tolerance, so ties are not lost to rounding).
    /// </summary>
    public static double TwoSidedP(int a, int b, int c, int d)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0)
            throw new ArgumentOutOfRangeException(nameof(a), "cell counts cannot be negative");
        var row1 = a + b;
        var col1 = a + c;
        var total = a + b + c + d;
        var minA = Math.Max(0, col1 - (c + d));
        var maxA = Math.Min(row1, col1);
        var observed = LogProbability(a, row1, col1, total);
        var p = 0.0;
        for (var x = minA; x <= maxA; x++)
        {
            var logP = LogProbability(x, row1, col1, total);
            if (logP <= observed + 1e-7)
                p += Math.Exp(logP);
        }
        return Math.Min(1, p);
    }

    /// <summary>log P(A = a) for the hypergeometric distribution with the table's margins.</summary>
    private static double LogProbability(int a, int row1, int col1, int total) =>
        LogChoose(row1, a) + LogChoose(total - row1, col1 - a) - LogChoose(total, col1);

    private static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(int n)
    {
        var sum = 0.0;
        for (var i = 2; i <= n; i++)
            sum += Math.Log(i);
        return sum;
    }
}
