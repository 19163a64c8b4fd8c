using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Tests;

public sealed class PairedPermutationTestTests
{
    [Theory]
    // by enumeration of the 2^m sign assignments of the nonzero differences
    [InlineData(new[] { -2, -2, -2, -2, 0, 0, 0, 0, 0, 0 }, 0.125)] // 2 of 16 as extreme; a paired t interval excludes 0 here
    [InlineData(new[] { 1, 2, 3, 4, 5 }, 0.0625)] // 2 of 32
    [InlineData(new[] { 3, -1, 2 }, 0.5)] // sums 4, ±6 of 8 assignments: 4 as far from 0
    [InlineData(new[] { 0, 0, 0 }, 1.0)]
    [InlineData(new int[0], 1.0)]
    public void Counts_the_sign_assignments_at_least_as_extreme(int[] differences, double expected) =>
        Assert.Equal(expected, PairedPermutationTest.TwoSidedP(differences), 9);

    [Theory]
    [InlineData(6, 0)]
    [InlineData(2, 8)]
    [InlineData(10, 30)]
    public void With_differences_of_one_it_is_the_sign_test_that_McNemar_is(int plus, int minus) =>
        Assert.Equal(McNemarExactTest.TwoSidedP(plus, minus),
            PairedPermutationTest.TwoSidedP([.. Enumerable.Repeat(1, plus), .. Enumerable.Repeat(-1, minus), 0, 0]), 9);

    [Fact]
    public void Hundreds_of_sites_with_large_differences_stay_exact_and_fast()
    {
        var differences = Enumerable.Range(0, 400).Select(i => i % 3 == 0 ? -(i % 20) : i % 40).ToArray();

        var p = PairedPermutationTest.TwoSidedP(differences);

        Assert.InRange(p, 0, 1e-6); // a clear shift to positive
        Assert.Equal(1.0, PairedPermutationTest.TwoSidedP([.. differences, .. differences.Select(d => -d)]), 9);
    }
}
