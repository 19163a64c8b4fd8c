using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public void Wilson_interval_matches_the_textbook_81_of_263()
    {
        var proportion = Proportion.Wilson(81, 263);

        Assert.Equal(81.0 / 263, proportion.Rate!.Value, 12);
        Assert.Equal(0.2553, proportion.Low!.Value, 4);
        Assert.Equal(0.3662, proportion.High!.Value, 4);
        Assert.Equal((263, 81), (proportion.N, proportion.Successes));
    }

    [Fact]
    public void Wilson_interval_stays_inside_zero_and_one_at_the_extremes()
    {
        var none = Proportion.Wilson(0, 10);
        var all = Proportion.Wilson(10, 10);

        Assert.Equal(0, none.Low);
        Assert.Equal(0.2775, none.High!.Value, 4);
        Assert.Equal(0.7225, all.Low!.Value, 4);
        Assert.Equal(1, all.High!.Value, 12);
    }

    [Fact]
    public void Wilson_interval_of_nothing_is_empty()
    {
        Assert.Equal(new Proportion(null, null, null, 0), Proportion.Wilson(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(3, 2));
    }

    [Theory]
    // Fisher's lady tasting tea (Agresti, Categorical Data Analysis, 3.5.1).
    [InlineData(3, 1, 1, 3, 0.4857)]
    // Wikipedia's Fisher exact test example (R: fisher.test(matrix(c(1, 11, 9, 3), 2))).
    [InlineData(1, 9, 11, 3, 0.002759)]
    [InlineData(0, 5, 5, 0, 0.007937)]
    [InlineData(5, 5, 5, 5, 1.0)]
    public void Fisher_exact_two_sided_p_matches_known_values(int a, int b, int c, int d, double expected)
    {
        Assert.Equal(expected, FisherExactTest.TwoSidedP(a, b, c, d), 4);
    }

    [Fact]
    public void Two_proportion_z_test_matches_the_uncorrected_chi_square()
    {
        // R: prop.test(c(15, 25), c(50, 50), correct = FALSE) gives X-squared = 4.1667, p = 0.04123.
        Assert.Equal(-2.0412, TwoProportionZTest.Z(15, 50, 25, 50), 4);
        Assert.Equal(0.04123, TwoProportionZTest.TwoSidedP(15, 50, 25, 50), 5);
        Assert.Equal(1, TwoProportionZTest.TwoSidedP(0, 10, 0, 10));
    }

    [Theory]
    // Newcombe (1998), Statistics in Medicine 17:873, Table II, method 10.
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    public void Newcombe_hybrid_interval_matches_the_paper(int s1, int n1, int s2, int n2, double low, double high)
    {
        var (difference, actualLow, actualHigh) = NewcombeInterval.ForDifference(s1, n1, s2, n2);

        Assert.Equal((double)s1 / n1 - (double)s2 / n2, difference, 12);
        Assert.Equal(low, actualLow, 4);
        Assert.Equal(high, actualHigh, 4);
    }

    [Fact]
    public void Comparison_uses_fisher_for_small_expected_counts_and_z_otherwise()
    {
        var small = ProportionComparison.Compare(3, 4, 1, 4)!;
        var large = ProportionComparison.Compare(15, 50, 25, 50)!;

        Assert.Equal((ProportionComparison.Fisher, 0.4857), (small.Test, Math.Round(small.PValue, 4)));
        Assert.Equal((ProportionComparison.ZTest, 0.04123), (large.Test, Math.Round(large.PValue, 5)));
        Assert.Equal(-0.2, large.Difference, 12);
        Assert.Null(ProportionComparison.Compare(1, 2, 0, 0));
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        double[] values = [10, 1, 2, 3, 4, 5, 6, 7, 8, 9];

        Assert.Equal(5.5, Percentile.Of(values, 50));
        Assert.Equal(9.55, Percentile.Of(values, 95)!.Value, 10);
        Assert.Equal(1, Percentile.Of(values, 0));
        Assert.Equal(10, Percentile.Of(values, 100));
        Assert.Equal(42, Percentile.Of([42], 95));
        Assert.Null(Percentile.Of([], 50));
    }

    [Theory]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(1, 0.15729920705028513)]
    [InlineData(3.9, 3.479224859723177e-08)]
    [InlineData(5, 1.5374597944280351e-12)]
    [InlineData(-1, 1.8427007929497148)]
    public void Erfc_matches_reference_values(double x, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Erfc(x), expected * 1e-12);
    }

    [Fact]
    public void Two_sided_normal_p_of_1_96_is_five_percent()
    {
        Assert.Equal(0.05, NormalDistribution.TwoSidedP(NormalDistribution.Z95), 12);
    }
}
