using System.Text.Json;
using CodeAssist.Telemetry.Reporting;
using CodeAssist.Telemetry.Statistics;
using CodeAssist.Tests.Shared;
using Spectre.Console;

namespace CodeAssist.Telemetry.Tests;

public sealed class FormatReportTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private string DatabasePath => _directory.File("telemetry.db");

    public void Dispose() => _directory.Dispose();

    private async Task<FormatReport> BuildAsync(bool isDemo = false)
    {
        await ReportDataset.WriteAsync(DatabasePath);
        return FormatReportBuilder.FromDatabase(DatabasePath, isDemo);
    }

    [Fact]
    public async Task Per_format_numbers_match_the_hand_built_dataset()
    {
        var report = await BuildAsync();

        Assert.Equal(["F16", "Q4_K_M", "Q8_0"], report.Formats.Select(format => format.Label));
        var q4 = report.Formats[1];
        Assert.Equal(("4444" + new string('0', 60), "Q4_K_M", "qwen2"), (q4.Sha256, q4.FileType, q4.Architecture));
        Assert.Equal((40, 20), (q4.Shown, q4.Accepted));
        Assert.Equal(Proportion.Wilson(20, 40), q4.Acceptance);
        Assert.Equal(0.5, q4.Acceptance.Rate);
        Assert.Equal(Proportion.Wilson(16, 20), q4.BuildSuccess);
        Assert.Equal(new Dictionary<string, int> { ["compiles"] = 30, ["introduces-errors"] = 10 }, q4.Verdicts);
        Assert.Equal(0.75, q4.Survival["30s"]);
        Assert.Null(q4.Survival["2m"]);
        Assert.Equal(20, q4.SurvivalN["30s"]);
        // First token 100..139 ms, total 200..590 ms in steps of 10.
        Assert.Equal(new LatencySummary(119.5, 137.05, 395, 570.5), q4.LatencyMs);
        Assert.Equal(20, q4.TokensPerSecond!.Value, 10);
        Assert.True(q4.EnoughData);

        var q8 = report.Formats[2];
        Assert.Equal((30, 24, 0.8), (q8.Shown, q8.Accepted, q8.Acceptance.Rate));
        Assert.Equal((12, 1.0), (q8.BuildSuccess.N, q8.BuildSuccess.Rate));
        Assert.Equal(0.9, q8.Survival["2m"]!.Value, 12);
        Assert.Equal(40, q8.TokensPerSecond!.Value, 10);

        var f16 = report.Formats[0];
        Assert.Equal((5, 3, false), (f16.Shown, f16.Accepted, f16.EnoughData));
        Assert.Equal(0, f16.BuildSuccess.N);
    }

    [Fact]
    public async Task Comparisons_pick_the_test_by_expected_counts_and_flag_small_samples()
    {
        var report = await BuildAsync();

        var acceptance = report.Comparisons.Single(c => (c.A, c.B, c.Metric) == ("Q4_K_M", "Q8_0", "acceptance"));
        var (difference, low, high) = NewcombeInterval.ForDifference(20, 40, 24, 30);
        Assert.Equal((-0.3, "z", true), (Math.Round(acceptance.Difference!.Value, 12), acceptance.Test, acceptance.EnoughData));
        Assert.Equal((difference, low, high), (acceptance.Difference!.Value, acceptance.Low!.Value, acceptance.High!.Value));
        Assert.Equal(TwoProportionZTest.TwoSidedP(20, 40, 24, 30), acceptance.PValue);

        // 16/20 vs 12/12: only 4 failures in all, so Fisher's exact test (p = 0.2709 by direct enumeration).
        var build = report.Comparisons.Single(c => (c.A, c.B, c.Metric) == ("Q4_K_M", "Q8_0", "buildSuccess"));
        Assert.Equal("fisher", build.Test);
        Assert.Equal(0.2709, build.PValue!.Value, 4);

        var small = report.Comparisons.Single(c => (c.A, c.B, c.Metric) == ("F16", "Q4_K_M", "acceptance"));
        Assert.False(small.EnoughData);
        var noBuilds = report.Comparisons.Single(c => (c.A, c.B, c.Metric) == ("F16", "Q4_K_M", "buildSuccess"));
        Assert.Null(noBuilds.Difference);
        Assert.Equal(6, report.Comparisons.Count);
    }

    [Fact]
    public async Task Splits_by_language_and_trigger_kind_partition_the_suggestions()
    {
        var report = await BuildAsync();

        Assert.Equal(["csharp", "razor"], report.Splits.Language.Select(group => group.Key));
        var razor = Assert.Single(report.Splits.Language[1].Formats);
        Assert.Equal(("Q4_K_M", 8, 4), (razor.Label, razor.Shown, razor.Accepted));
        Assert.Equal(["automatic", "invoked"], report.Splits.TriggerKind.Select(group => group.Key));
        Assert.Equal(75, report.Splits.TriggerKind.Sum(group => group.Formats.Sum(format => format.Shown)));
        var automaticQ8 = report.Splits.TriggerKind[0].Formats.Single(format => format.Label == "Q8_0");
        Assert.Equal((15, 12), (automaticQ8.Shown, automaticQ8.Accepted));
    }

    [Fact]
    public async Task Json_has_the_shape_the_extension_renders()
    {
        var report = await BuildAsync(isDemo: true);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(["generatedAt", "isDemo", "minSampleSize", "formats", "comparisons", "splits"],
            root.EnumerateObject().Select(property => property.Name));
        Assert.True(root.GetProperty("isDemo").GetBoolean());
        Assert.Equal(10, root.GetProperty("minSampleSize").GetInt32());
        var format = root.GetProperty("formats")[1];
        foreach (var name in new[] { "label", "sha256", "fileType", "architecture", "shown", "accepted", "acceptance", "buildSuccess", "verdicts", "survival", "latencyMs", "tokensPerSecond" })
            Assert.True(format.TryGetProperty(name, out _), name);
        Assert.Equal("Q4_K_M", format.GetProperty("label").GetString());
        var acceptance = format.GetProperty("acceptance");
        Assert.Equal((0.5, 40), (acceptance.GetProperty("rate").GetDouble(), acceptance.GetProperty("n").GetInt32()));
        Assert.True(acceptance.TryGetProperty("low", out _) && acceptance.TryGetProperty("high", out _));
        Assert.Equal(0.75, format.GetProperty("survival").GetProperty("30s").GetDouble());
        Assert.Equal(JsonValueKind.Null, format.GetProperty("survival").GetProperty("10m").ValueKind);
        Assert.Equal(119.5, format.GetProperty("latencyMs").GetProperty("firstTokenP50").GetDouble());
        Assert.False(format.TryGetProperty("totalSamples", out _));
        var comparison = root.GetProperty("comparisons")[0];
        foreach (var name in new[] { "a", "b", "metric", "difference", "low", "high", "pValue", "test" })
            Assert.True(comparison.TryGetProperty(name, out _), name);
        Assert.Equal(2, root.GetProperty("splits").GetProperty("language").GetArrayLength());
        Assert.Equal("Q4_K_M", report.ToJsonObject()["formats"]![1]!["label"]!.GetValue<string>());
    }

    [Fact]
    public void An_empty_database_gives_an_empty_report()
    {
        var report = FormatReportBuilder.FromDatabase(DatabasePath);

        Assert.Empty(report.Formats);
        Assert.Empty(report.Comparisons);
        Assert.Contains("No suggestions recorded yet.", RenderConsole(report));
    }

    [Fact]
    public async Task Console_tables_show_formats_intervals_and_small_samples()
    {
        var text = RenderConsole(await BuildAsync(isDemo: true));

        Assert.Contains("DEMO DATA", text);
        Assert.Contains("Q4_K_M", text);
        Assert.Contains("50.0% [35.2%, 64.8%] n=40", text);
        Assert.Contains("not enough data (n=5)", text);
        Assert.Contains("-30.0 pp", text);
        Assert.Contains("razor", text);
    }

    [Fact]
    public async Task Html_report_is_self_contained_with_labels_sample_sizes_and_charts()
    {
        var html = HtmlReportRenderer.Render(await BuildAsync(isDemo: true));

        Assert.Contains("DEMO DATA", html);
        Assert.Contains("Q4_K_M", html);
        Assert.Contains("Q8_0", html);
        Assert.Contains("n=40", html);
        Assert.Contains("n=30", html);
        Assert.Contains("not enough data (n=5)", html);
        Assert.Equal(3, html.Split("<svg").Length - 1);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
    }

    [Fact]
    public async Task Html_report_has_no_demo_banner_for_real_data()
    {
        Assert.DoesNotContain("DEMO DATA", HtmlReportRenderer.Render(await BuildAsync()));
    }

    internal static string RenderConsole(FormatReport report)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 240;
        ReportConsoleRenderer.Render(report, console);
        return writer.ToString();
    }
}
