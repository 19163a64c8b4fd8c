using CodeAssist.Server.Replay;
using CodeAssist.Telemetry.Reporting;
using CodeAssist.Telemetry.Statistics;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace CodeAssist.Server.Tests.Replay;

public sealed class ReplayReportTests
{
    private static readonly string[] Formats = ["F16", "Q8_0", "Q6_K", "Q4_K_M", "MXFP4_MOE", "UD-Q4_K_XL"];

    [Fact]
    public void Counts_per_format_and_pairs_sites_by_edit_for_McNemar_and_the_chars_saved_difference()
    {
        var script = Script(sites: 10);
        // F16 accepts at the first 8 sites, 5 characters each; Q4_K_M only at the first 2
        var results = ReplayReport.Summarize(script, [Replay("F16", script, accepting: 8), Replay("Q4_K_M", script, accepting: 2)]);

        var f16 = results.Formats[0];
        Assert.Equal((10, 20, 8, 40, 50), (f16.Sites, f16.Shown, f16.Accepted, f16.CharsSaved, f16.CharsToType));
        Assert.Equal((8, 10), (f16.SitesWithAccept.Successes, f16.SitesWithAccept.N));
        Assert.Equal((3, 4), (f16.BuildOk, f16.BuildChecked));
        var pair = Assert.Single(results.Comparisons);
        Assert.Equal(("F16", "Q4_K_M", 10, 6, 0), (pair.A, pair.B, pair.Pairs, pair.OnlyA, pair.OnlyB));
        Assert.Equal(McNemarExactTest.TwoSidedP(6, 0), pair.PValue);
        Assert.Equal(3.0, pair.CharsSavedDifference!.Mean, 9); // 6 sites × 5 characters over 10 sites
        Assert.StartsWith("F16 gets accepts at more sites (McNemar p=0.0313)", pair.Conclusion);
    }

    [Theory]
    [InlineData(6, 0, 0.03125, "A gets accepts at more sites (McNemar p=0.0313)")]
    [InlineData(1, 7, 0.0703125, "no detectable difference (p=0.0703; sites with accept CI width 40.0 pp, chars saved/site CI width 2.00; same keystrokes 0/0, p=1.0000)")]
    public void Says_what_was_found_or_that_nothing_was_with_the_CI_width(int onlyA, int onlyB, double p, string expected)
    {
        var saved = new PairedMeanDifference(-0.5, -1.5, 0.5, 10);

        Assert.Equal(expected, ReplayReport.Conclude("A", "B", onlyA, onlyB, p, Sites, saved, savedPValue: 0.3, NoPositions));
    }

    [Fact]
    public void The_permutation_test_decides_a_chars_saved_difference_and_one_site_has_no_interval()
    {
        Assert.Equal("B saves more characters per site (Δ -2.00 [-3.50, -0.50], permutation p=0.0100)",
            ReplayReport.Conclude("A", "B", 1, 2, 1.0, Sites, new PairedMeanDifference(-2, -3.5, -0.5, 12), savedPValue: 0.01, NoPositions));
        Assert.Equal("no detectable difference (p=1.0000; sites with accept CI width 40.0 pp, chars saved: no CI from fewer than 2 sites; same keystrokes 0/0, p=1.0000)",
            ReplayReport.Conclude("A", "B", 0, 0, 1.0, Sites, null, savedPValue: 1, NoPositions));
    }

    /// <summary>
    /// The demo's own case (retrained model, 10 sites): one format saved 2 characters at 4 sites where the other saved
    /// none. A paired t interval excludes zero there (Δ -0.80 [-1.54, -0.06]); 4 sites of 10 all one way is p = 0.125.
    /// </summary>
    [Fact]
    public void Four_sites_of_ten_one_way_are_no_detectable_difference_in_chars_saved()
    {
        var script = Script(sites: 10);
        var results = ReplayReport.Summarize(script, [Replay("F16", script, accepting: 0), Replay("MXFP4_MOE", script, accepting: 4)]);

        var pair = Assert.Single(results.Comparisons);
        Assert.True(pair.CharsSavedDifference!.ExcludesZero);
        Assert.Equal(0.125, pair.CharsSavedPValue, 9);
        Assert.StartsWith("no detectable difference", pair.Conclusion);
    }

    [Fact]
    public void The_console_tables_of_six_formats_fit_an_80_column_terminal_one_row_per_format()
    {
        var script = Script(sites: 40);
        var results = ReplayReport.Summarize(script, [.. Formats.Select((f, i) => Replay(f, script, accepting: 30 - 4 * i))]);
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(written), ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 80;

        ReplayReport.Build(results).WriteTo(console);

        var lines = written.ToString().Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, line));
        // a wrapped cell would split a row over two lines: each format's rates row holds its three whole intervals
        foreach (var format in Formats)
            Assert.Single(lines, l => Regex.IsMatch(l, $@"^│ {Regex.Escape(format)} +(│ \d+\.\d% \[\d+\.\d, \d+\.\d\] +){{3}}│$"));
    }

    [Fact]
    public void The_json_has_each_formats_counts_and_each_pairs_p_value_and_the_html_its_tables()
    {
        var script = Script(sites: 4);
        var report = ReplayReport.Build(ReplayReport.Summarize(script, [Replay("F16", script, accepting: 3), Replay("MXFP4_MOE", script, accepting: 1)]));

        var results = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("results");
        var format = results.GetProperty("formats")[1];
        Assert.Equal(("MXFP4_MOE", 8, 1, 3), (format.GetProperty("label").GetString(), format.GetProperty("shown").GetInt32(),
            format.GetProperty("accepted").GetInt32(), format.GetProperty("buildOk").GetInt32()));
        Assert.Equal(0.5, results.GetProperty("comparisons")[0].GetProperty("pValue").GetDouble(), 9); // 2 discordant sites, both one way
        Assert.Contains("Paired by site", report.ToHtml());
    }

    private static readonly RateDifference Sites = new(0, -0.2, 0.2);

    private static readonly PositionComparison NoPositions = new(0, 0, 0, 1, 1);

    [Fact]
    public void The_sites_with_accept_interval_keeps_its_width_when_no_site_differs()
    {
        // 0 of 12 against 0 of 12: both Wilson intervals are [0, 24.25%], so Newcombe's is ±24.25 points
        var none = RateDifference.Of(0, 0, 12);

        Assert.Equal(0, none.Difference);
        Assert.Equal(2 * 0.242494, none.Width, 5);
    }

    private static ReplayScript Script(int sites) =>
        new("/repo", 1, [new ReplayFile("A.cs", "", [.. Enumerable.Range(0, sites).Select(i => new ReplayEdit("A.cs", i * 10, "Count", i, 4))])]);

    /// <summary>Two suggestions shown per site; the first <paramref name="accepting"/> sites accept one whole, of 5 characters.</summary>
    private static FormatReplay Replay(string label, ReplayScript script, int accepting) =>
        new(new ReplayModel(label, $"/models/{label}.gguf"),
            [.. script.Edits.Select((e, i) => i < accepting ? new SiteOutcome(e.Id, 0, 2, 1, 0, 5) : new SiteOutcome(e.Id, 5, 2, 0, 0, 0))],
            new FormatSummary
            {
                Label = label, Sha256 = "", Acceptance = Proportion.Wilson(0, 0), BuildSuccess = Proportion.Wilson(3, 4),
                Verdicts = new Dictionary<string, int>(), Survival = new Dictionary<string, double?>(), SurvivalN = new Dictionary<string, int>(),
                LatencyMs = new LatencySummary(null, null, null, null),
            });
}
