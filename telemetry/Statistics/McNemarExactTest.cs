namespace CodeAssist.Telemetry.Statistics;

/// <summary>
/// McNemar's exact test for paired yes/no outcomes (two formats on the same tasks): only the discordant pairs count, and
/// under the null hypothesis each of them flips either way with probability 1/2. Two-sided as in R's
/// <c>binom.test(b, b + c)</c> (the same as <c>mcnemar.exact</c>).
/// </summary>
public static class McNemarExactTest
{
    /// <param name="onlyFirst">Pairs where the first format succeeded and the second failed.</param>
    /// <param name="onlySecond">Pairs where the second format succeeded and the first failed.</param>
    public static double TwoSidedP(int onlyFirst, int onlySecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyFirst);
        ArgumentOutOfRangeException.ThrowIfNegative(onlySecond);
        var n = onlyFirst + onlySecond;
        if (n == 0)
            return 1;
        var tail = 0.0;
        var logHalfToN = n * Math.Log(0.5);
        for (var k = 0; k <= Math.Min(onlyFirst, onlySecond); k++)
            tail += Math.Exp(LogChoose(n, k) + logHalfToN);
        return Math.Min(1, 2 * tail);
    }

    private static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 1; i <= k; i++)
            sum += Math.Log(n - k + i) - Math.Log(i);
        return sum;
    }
}
