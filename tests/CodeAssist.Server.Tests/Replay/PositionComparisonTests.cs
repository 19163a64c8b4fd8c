using CodeAssist.Server.Replay;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Server.Tests.Replay;

/// <summary>Two formats' requests paired by how much of a site's real text was in place when each asked.</summary>
public sealed class PositionComparisonTests
{
    private static SiteOutcome Site(string edit, params (int Typed, bool Accepted)[] requests) =>
        new(edit, 0, requests.Length, requests.Count(r => r.Accepted), 0, 0) { Requests = [.. requests.Select(r => new SiteRequest(r.Typed, r.Accepted))] };

    [Fact]
    public void Only_the_positions_both_formats_asked_at_pair_up()
    {
        // A took the whole line at once; B typed on and took the rest at 3, where A never asked
        var a = Site("s", (0, true));
        var b = Site("s", (0, false), (1, false), (2, false), (3, true));

        var positions = PositionComparison.Of([a], [b]);

        Assert.Equal((1, 1, 0), (positions.Pairs, positions.OnlyA, positions.OnlyB));
    }

    [Fact]
    public void Sites_only_one_format_played_are_left_out()
    {
        var positions = PositionComparison.Of([Site("s", (0, true)), Site("only-a", (0, true))], [Site("s", (0, true))]);

        Assert.Equal((1, 0, 0, 1.0, 1.0), (positions.Pairs, positions.OnlyA, positions.OnlyB, positions.McNemarP, positions.BySiteP));
    }

    [Fact]
    public void Twelve_positions_of_one_site_are_one_site_not_twelve_independent_pairs()
    {
        var twelve = Enumerable.Range(0, 12).ToArray();
        var a = Site("s", [.. twelve.Select(t => (t, true))]);
        var b = Site("s", [.. twelve.Select(t => (t, false))]);

        var positions = PositionComparison.Of([a], [b]);

        Assert.Equal(McNemarExactTest.TwoSidedP(12, 0), positions.McNemarP);
        Assert.True(positions.McNemarP < 0.001);
        Assert.Equal(1.0, positions.BySiteP);
    }

    [Fact]
    public void Six_sites_one_way_are_a_difference_by_site()
    {
        var sites = Enumerable.Range(0, 6).Select(i => $"s{i}").ToArray();

        var positions = PositionComparison.Of([.. sites.Select(s => Site(s, (0, false), (1, true)))], [.. sites.Select(s => Site(s, (0, false), (1, false)))]);

        Assert.Equal((12, 6, 0), (positions.Pairs, positions.OnlyA, positions.OnlyB));
        Assert.Equal(0.03125, positions.BySiteP, 9);
        Assert.Equal("A is accepted at more of the same keystrokes (6/0 of 12, by-site p=0.0313)",
            ReplayReport.Conclude("A", "B", 0, 0, 1.0, new RateDifference(0, -0.2, 0.2), null, 1.0, positions));
    }
}
