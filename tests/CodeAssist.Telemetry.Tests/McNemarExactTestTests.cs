using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Tests;

public sealed class McNemarExactTestTests
{
    [Theory]
    // values from R: binom.test(b, b + c)$p.value
    [InlineData(1, 5, 0.21875)]
    [InlineData(5, 1, 0.21875)]
    [InlineData(0, 10, 0.001953125)]
    [InlineData(2, 8, 0.109375)]
    [InlineData(3, 3, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(10, 30, 0.002221434)]
    public void Matches_the_exact_binomial_test(int onlyFirst, int onlySecond, double expected) =>
        Assert.Equal(expected, McNemarExactTest.TwoSidedP(onlyFirst, onlySecond), 6);

    [Fact]
    public void Negative_counts_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarExactTest.TwoSidedP(-1, 2));
}
