namespace CodeAssist.Telemetry.Statistics;

/// <summary>
/// The exact paired permutation test (Fisher–Pitman) for whole-number differences, such as characters saved per site
/// by two formats: under the null hypothesis each difference is as likely to have either sign, so the p-value is the
/// share of the 2^m sign assignments whose sum is at least as far from zero as the observed one. Unlike a paired t
/// interval it assumes nothing about the differences' distribution, which at a few sites with a handful of equal
/// values (0 or 2 characters) makes the t interval claim differences that are not there. Counted by the sums' exact
/// distribution, so it stays exact at hundreds of sites.
/// </summary>
public static class PairedPermutationTest
{
    public static double TwoSidedP(IReadOnlyList<int> differences)
    {
        var sizes = differences.Where(d => d != 0).Select(d => Math.Abs((long)d)).ToArray();
        var total = sizes.Sum();
        if (total == 0)
            return 1;
        if (total > int.MaxValue / 2)
            throw new ArgumentOutOfRangeException(nameof(differences), "differences too large to count exactly");
        var observed = Math.Abs(differences.Sum(d => (long)d));
        // probability[p]: chance that the differences given a + sign add up to p; the signed sum is then 2p − total.
        var probability = new double[total + 1];
        probability[0] = 1;
        var reach = 0L;
        foreach (var size in sizes)
        {
            reach += size;
            for (var p = reach; p >= 0; p--)
                probability[p] = 0.5 * probability[p] + (p >= size ? 0.5 * probability[p - size] : 0);
        }
        var tail = 0.0;
        for (var p = 0; p <= total; p++)
            if (Math.Abs(2L * p - total) >= observed)
                tail += probability[p];
        return Math.Min(1, tail);
    }
}
