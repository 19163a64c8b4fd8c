using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Tests;

public sealed class PairedMeanDifferenceTests
{
    [Theory]
    // values from R: qt(0.975, df)
    [InlineData(1, 12.7062047)]
    [InlineData(2, 4.3026527)]
    [InlineData(4, 2.7764451)]
    [InlineData(9, 2.2621572)]
    [InlineData(30, 2.04227246)]
    [InlineData(100, 1.9839715)]
    public void The_critical_value_matches_R(int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, StudentTDistribution.TwoSidedCritical(degreesOfFreedom), 6);

    [Theory]
    // values from R: 1 - 2 * pt(-t, df), checked by integrating the density
    [InlineData(1.0, 1, 0.5)]
    [InlineData(1.0, 3, 0.6089978)]
    [InlineData(2.0, 10, 0.9266120)]
    public void The_central_probability_matches_R(double t, int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, StudentTDistribution.CentralProbability(t, degreesOfFreedom), 6);

    [Fact]
    public void Matches_the_paired_t_interval_of_R_on_the_sleep_data()
    {
        // R: with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE)):
        // mean difference -1.58, 95% CI -2.4598858 -0.7001142
        double[] first = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
        double[] second = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

        var difference = PairedMeanDifference.Of(first, second)!;

        Assert.Equal(-1.58, difference.Mean, 6);
        Assert.Equal(-2.4598858, difference.Low, 6);
        Assert.Equal(-0.7001142, difference.High, 6);
        Assert.True(difference.ExcludesZero);
    }

    [Fact]
    public void An_interval_around_zero_does_not_exclude_it_and_has_its_width()
    {
        // R: t.test(c(1, 2, 3, 4, 5), c(2, 2, 2, 2, 2), paired = TRUE): 95% CI -0.9632432 2.9632432
        var difference = PairedMeanDifference.Of([1, 2, 3, 4, 5], [2, 2, 2, 2, 2])!;

        Assert.Equal(1, difference.Mean, 9);
        Assert.Equal(2 * 1.9632432, difference.Width, 6);
        Assert.False(difference.ExcludesZero);
    }

    [Fact]
    public void Identical_samples_differ_by_exactly_zero_and_one_pair_has_no_interval()
    {
        var same = PairedMeanDifference.Of([3, 0, 7], [3, 0, 7])!;

        Assert.Equal((0, 0, 0), (same.Mean, same.Low, same.High));
        Assert.Null(PairedMeanDifference.Of([1], [2]));
        Assert.Throws<ArgumentException>(() => PairedMeanDifference.Of([1, 2], [1]));
    }
}
