using System.Globalization;
using CodeAssist.Server.Reports;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Server.Replay;

/// <summary>
/// One format over the whole script. Acceptance is per suggestion shown and per site (a site counts when anything was
/// accepted there); build OK is the server's own build_result of the accepted suggestions, all with Wilson 95% intervals.
/// </summary>
public sealed record ReplayFormatSummary(
    string Label, int Sites, int Keystrokes, int Shown, int Accepted, int PartialAccepts, int CharsSaved, int CharsToType,
    int BuildChecked, int BuildOk, Proportion Acceptance, Proportion SitesWithAccept, Proportion BuildSuccess);

/// <summary>
/// Format A against B on the same sites: McNemar's exact test on accepted-or-not, the difference in the share of sites
/// with an accept (A − B) with Newcombe's interval, and the paired mean of chars saved A − B with its t interval and
/// the exact permutation test's p (which decides: the t interval is only a size); and the same keystrokes paired by
/// position (<see cref="PositionComparison"/>).
/// </summary>
public sealed record ReplayComparison(
    string A, string B, int Pairs, int OnlyA, int OnlyB, double PValue, RateDifference SitesWithAcceptDifference,
    PairedMeanDifference? CharsSavedDifference, double CharsSavedPValue, PositionComparison Positions, string Conclusion);

/// <summary>
/// A difference of two rates with its 95% interval. Newcombe's interval treats the samples as independent, so on paired
/// sites it is wider than need be; unlike a paired t interval it does not collapse to zero width when no site differs.
/// </summary>
public sealed record RateDifference(double Difference, double Low, double High)
{
    public double Width => High - Low;

    public static RateDifference Of(int successesA, int successesB, int n)
    {
        var (difference, low, high) = NewcombeInterval.ForDifference(successesA, n, successesB, n);
        return new RateDifference(difference, low, high);
    }
}

public sealed record FormatSites(string Label, IReadOnlyList<SiteOutcome> Sites);

public sealed record ReplayResults(
    string Repository, int Seed, int Sites, IReadOnlyList<ReplayFormatSummary> Formats, IReadOnlyList<ReplayComparison> Comparisons,
    IReadOnlyList<FormatSites> Outcomes);

public static class ReplayReport
{
    public const double SignificanceLevel = 0.05;

    public static ReplayResults Summarize(ReplayScript script, IReadOnlyList<FormatReplay> replays)
    {
        var charsToType = script.Edits.Sum(e => e.Removed.Length);
        var formats = replays.Select(r => Summarize(r, charsToType)).ToArray();
        var comparisons = PairedComparison.AllPairs(replays.Select(r => (r.Model.Label, r.Sites)).ToArray(), s => s.Edit, s => s.AnyAccepted)
            .Select(pair => Compare(pair, replays))
            .ToArray();
        return new ReplayResults(script.Repository, script.Seed, script.Edits.Count(), formats, comparisons,
            replays.Select(r => new FormatSites(r.Model.Label, r.Sites)).ToArray());
    }

    private static ReplayFormatSummary Summarize(FormatReplay replay, int charsToType)
    {
        var sites = replay.Sites;
        var shown = sites.Sum(s => s.Shown);
        var accepted = sites.Sum(s => s.Accepted);
        var build = replay.Telemetry?.BuildSuccess ?? Proportion.Wilson(0, 0);
        return new ReplayFormatSummary(replay.Model.Label, sites.Count, sites.Sum(s => s.Keystrokes), shown, accepted, sites.Sum(s => s.PartialAccepts),
            sites.Sum(s => s.CharsSaved), charsToType, build.N, build.Successes,
            Proportion.Wilson(accepted, shown), Proportion.Wilson(sites.Count(s => s.AnyAccepted), sites.Count), build);
    }

    private static ReplayComparison Compare(PairedComparison pair, IReadOnlyList<FormatReplay> replays)
    {
        var sitesOfA = SitesOf(pair.A, replays);
        var sitesOfB = SitesOf(pair.B, replays);
        var a = sitesOfA.ToDictionary(s => s.Edit, s => s.CharsSaved);
        var b = sitesOfB.ToDictionary(s => s.Edit, s => s.CharsSaved);
        var paired = a.Keys.Where(b.ContainsKey).ToArray();
        var saved = PairedMeanDifference.Of(paired.Select(k => (double)a[k]).ToArray(), paired.Select(k => (double)b[k]).ToArray());
        var savedP = PairedPermutationTest.TwoSidedP(paired.Select(k => a[k] - b[k]).ToArray());
        var sites = RateDifference.Of(pair.BothPass + pair.OnlyA.Count, pair.BothPass + pair.OnlyB.Count, pair.Pairs);
        var positions = PositionComparison.Of(sitesOfA, sitesOfB);
        return new ReplayComparison(pair.A, pair.B, pair.Pairs, pair.OnlyA.Count, pair.OnlyB.Count, pair.PValue, sites, saved, savedP, positions,
            Conclude(pair.A, pair.B, pair.OnlyA.Count, pair.OnlyB.Count, pair.PValue, sites, saved, savedP, positions));
    }

    private static IReadOnlyList<SiteOutcome> SitesOf(string label, IReadOnlyList<FormatReplay> replays) =>
        replays.Single(r => r.Model.Label == label).Sites;

    /// <summary>What a reader should take from one pair, in words: a detected difference and its direction, or its absence with the CI width.</summary>
    public static string Conclude(
        string a, string b, int onlyA, int onlyB, double pValue, RateDifference sites, PairedMeanDifference? saved, double savedPValue, PositionComparison positions)
    {
        var found = new List<string>();
        if (pValue < SignificanceLevel)
            found.Add($"{(onlyA > onlyB ? a : b)} gets accepts at more sites (McNemar p={BenchText.PValue(pValue)})");
        if (saved is not null && savedPValue < SignificanceLevel)
            found.Add($"{(saved.Mean > 0 ? a : b)} saves more characters per site (Δ {Signed(saved.Mean)} [{Signed(saved.Low)}, {Signed(saved.High)}], permutation p={BenchText.PValue(savedPValue)})");
        if (positions.BySiteP < SignificanceLevel)
            found.Add($"{(positions.OnlyA > positions.OnlyB ? a : b)} is accepted at more of the same keystrokes ({positions.OnlyA}/{positions.OnlyB} of {positions.Pairs}, by-site p={BenchText.PValue(positions.BySiteP)})");
        if (found.Count > 0)
            return string.Join("; ", found);
        var savedWidth = saved is null ? "chars saved: no CI from fewer than 2 sites" : $"chars saved/site CI width {Number(saved.Width)}";
        return $"no detectable difference (p={BenchText.PValue(pValue)}; sites with accept CI width {Percent(sites.Width)} pp, {savedWidth}; " +
               $"same keystrokes {positions.OnlyA}/{positions.OnlyB}, p={BenchText.PValue(positions.BySiteP)})";
    }

    public static BenchReport Build(ReplayResults results)
    {
        var counts = new BenchTable("Per format (counts)",
            ["Format", "Shown", "Accepted", "Partial", "Sites", "Saved chars", "Build OK"],
            results.Formats.Select(f => (IReadOnlyList<string>)
            [
                f.Label, Count(f.Shown), Count(f.Accepted), Count(f.PartialAccepts), $"{f.SitesWithAccept.Successes}/{f.Sites}",
                $"{f.CharsSaved}/{f.CharsToType}", $"{f.BuildOk}/{f.BuildChecked}",
            ]).ToArray());
        var rates = new BenchTable("Per format (rates, Wilson 95% CI)",
            ["Format", "Acceptance", "Sites with accept", "Build OK"],
            results.Formats.Select(f => (IReadOnlyList<string>)[f.Label, Rate(f.Acceptance), Rate(f.SitesWithAccept), Rate(f.BuildSuccess)]).ToArray());
        var pairs = new BenchTable("Paired by site (McNemar exact; saved: t interval, permutation p)",
            ["A", "B", "Only A/B", "McNemar p", "Δ saved/site [95% CI]", "p"],
            results.Comparisons.Select(c => (IReadOnlyList<string>)
                [c.A, c.B, $"{c.OnlyA}/{c.OnlyB}", BenchText.PValue(c.PValue), Difference(c.CharsSavedDifference), BenchText.PValue(c.CharsSavedPValue)]).ToArray());
        var keystrokes = new BenchTable("Paired by keystroke (same document; McNemar exact, by-site permutation p)",
            ["A", "B", "Positions", "Only A/B", "McNemar p", "By-site p"],
            results.Comparisons.Select(c => (IReadOnlyList<string>)
                [c.A, c.B, Count(c.Positions.Pairs), $"{c.Positions.OnlyA}/{c.Positions.OnlyB}", BenchText.PValue(c.Positions.McNemarP), BenchText.PValue(c.Positions.BySiteP)]).ToArray());
        return new BenchReport(
            "CodeAssist replay: a developer retyping real code",
            [],
            [
                $"{results.Repository}, seed {results.Seed}: {results.Sites} sites, each a deleted rest of line (sometimes more lines of its block) " +
                "typed back a keystroke at a time (a line break with its indentation), an inline completion requested before each. Accepted: the suggestion is the " +
                "start of the real text (Partial: its first line or word is). Sites: sites with an accept. Build OK: the server's build check on save. " +
                "Paired by keystroke: the requests both formats made with the same text in place; as one site's keystrokes are not independent, " +
                "the sign-flip test over sites decides.",
                .. results.Comparisons.Select(c => $"{c.A} vs {c.B}: {c.Conclusion}"),
            ],
            [counts, rates, pairs, keystrokes],
            [
                new BenchRateChart("Acceptance (per suggestion shown)", results.Formats.Select(f => new BenchRate(f.Label, f.Acceptance)).ToArray()),
                new BenchRateChart("Build OK (per accepted suggestion)", results.Formats.Select(f => new BenchRate(f.Label, f.BuildSuccess)).ToArray()),
            ],
            results);
    }

    /// <summary>Short enough for four columns in 80: "3.5% [2.0, 6.0]".</summary>
    private static string Rate(Proportion proportion) =>
        proportion.Rate is not { } rate ? "- (n=0)" : $"{Percent(rate)}% [{Percent(proportion.Low!.Value)}, {Percent(proportion.High!.Value)}]";

    private static string Difference(PairedMeanDifference? difference) =>
        difference is null ? "-" : $"{Signed(difference.Mean)} [{Signed(difference.Low)}, {Signed(difference.High)}]";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
