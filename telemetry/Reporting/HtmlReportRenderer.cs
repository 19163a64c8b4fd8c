using System.Globalization;
using System.Text;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Reporting;

/// <summary>A self-contained HTML page: tables plus inline SVG charts (rates with error bars, latency box plots).</summary>
public static class HtmlReportRenderer
{
    public static string Render(FormatReport report)
    {
        var html = HtmlPage.Begin("CodeAssist format report");
        if (report.IsDemo)
            HtmlPage.AppendBanner(html, "DEMO DATA: produced by codeassist demo on tiny models, not real usage.");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"note\">Generated {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC. {report.Formats.Sum(format => format.Shown)} suggestions shown " +
            $"across {report.Formats.Count} format(s). Rates carry Wilson 95% intervals, differences Newcombe 95% intervals; " +
            $"p-values from Fisher's exact test when an expected count is below 5, else the two-proportion z-test. " +
            $"Below n={report.MinSampleSize} a rate reads \"{ReportText.NotEnoughData}\".</p>\n");
        AppendFormatTable(html, report);
        html.Append("<h2>Acceptance rate</h2>\n")
            .Append(RateChart(report, format => format.Acceptance));
        html.Append("<h2>Build success of accepted suggestions</h2>\n")
            .Append(RateChart(report, format => format.BuildSuccess));
        html.Append("<h2>Latency (box: p25-p75, line: median, whiskers: p5-p95)</h2>\n")
            .Append(LatencyChart(report));
        AppendComparisons(html, report);
        AppendSplit(html, "language", report.Splits.Language, report.MinSampleSize);
        AppendSplit(html, "trigger kind", report.Splits.TriggerKind, report.MinSampleSize);
        return HtmlPage.End(html).ToString();
    }

    private static void AppendFormatTable(StringBuilder html, FormatReport report)
    {
        html.Append("<h2>Per format</h2>\n");
        AppendTable(html,
            ["Format", "SHA-256", "File type", "Architecture", "Shown (n)", "Accepted", "Acceptance", "Build OK",
                "Survival 30s/2m/10m", "First token p50/p95 ms", "Total p50/p95 ms", "Tok/s", "Verdicts"],
            report.Formats.Select(format => new[]
            {
                format.Label, Short(format.Sha256), format.FileType ?? "-", format.Architecture ?? "-",
                format.Shown.ToString(CultureInfo.InvariantCulture), format.Accepted.ToString(CultureInfo.InvariantCulture),
                ReportText.Rate(format.Acceptance, report.MinSampleSize), ReportText.Rate(format.BuildSuccess, report.MinSampleSize),
                ReportText.Survival(format),
                ReportText.Latency(format.LatencyMs.FirstTokenP50, format.LatencyMs.FirstTokenP95),
                ReportText.Latency(format.LatencyMs.TotalP50, format.LatencyMs.TotalP95),
                format.TokensPerSecond is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                ReportText.Verdicts(format),
            }));
    }

    private static void AppendComparisons(StringBuilder html, FormatReport report)
    {
        if (report.Comparisons.Count == 0)
            return;
        html.Append("<h2>Pairwise differences (A - B)</h2>\n");
        AppendTable(html, ["A", "B", "Metric", "Difference [95% CI]", "p", "Test"],
            report.Comparisons.Select(comparison => new[]
            {
                comparison.A, comparison.B, comparison.Metric, ReportText.Difference(comparison),
                ReportText.PValue(comparison), comparison.Test ?? "-",
            }));
    }

    private static void AppendSplit(StringBuilder html, string title, IReadOnlyList<SplitGroup> groups, int minSampleSize)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>By {title}</h2>\n");
        AppendTable(html, [title, "Format", "Shown (n)", "Acceptance", "Build OK"],
            groups.SelectMany(group => group.Formats.Select(format => new[]
            {
                group.Key, format.Label, format.Shown.ToString(CultureInfo.InvariantCulture),
                ReportText.Rate(format.Acceptance, minSampleSize), ReportText.Rate(format.BuildSuccess, minSampleSize),
            })));
    }

    private static string LatencyChart(FormatReport report)
    {
        var series = report.Formats
            .SelectMany(format => new[] { ($"{format.Label} first token", format.FirstTokenSamples), ($"{format.Label} total", format.TotalSamples) })
            .ToArray();
        var max = series.SelectMany(item => item.Item2).DefaultIfEmpty(1).Max();
        var svg = HtmlPage.StartSvg(series.Length, out var axisY);
        HtmlPage.AppendAxis(svg, axisY, max, value => ReportText.Number(value) + " ms");
        for (var index = 0; index < series.Length; index++)
        {
            var (label, samples) = series[index];
            var y = index * HtmlPage.RowHeight + 10;
            HtmlPage.AppendRowLabel(svg, label, y);
            if (samples.Count == 0)
            {
                HtmlPage.AppendValueLabel(svg, "no data", y);
                continue;
            }
            double At(double percent) => HtmlPage.X(Percentile.Of(samples, percent)!.Value, max);
            var middle = y + HtmlPage.RowHeight / 2 - 2;
            HtmlPage.AppendWhisker(svg, At(5), At(95), middle);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{At(25):0.0}\" y=\"{y + 5}\" width=\"{Math.Max(1, At(75) - At(25)):0.0}\" height=\"{HtmlPage.RowHeight - 14}\" fill=\"#f28e2b\" fill-opacity=\"0.6\" stroke=\"#b35c00\"/>" +
                $"<line x1=\"{At(50):0.0}\" x2=\"{At(50):0.0}\" y1=\"{y + 5}\" y2=\"{y + HtmlPage.RowHeight - 9}\" stroke=\"#222\" stroke-width=\"2\"/>");
            HtmlPage.AppendValueLabel(svg, $"p50 {ReportText.Number(Percentile.Of(samples, 50)!.Value)} ms (n={samples.Count})", y);
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string RateChart(FormatReport report, Func<FormatSummary, Proportion> select) =>
        HtmlPage.RateChart(report.Formats.Select(format => (format.Label, select(format))).ToArray(), report.MinSampleSize);

    private static void AppendTable(StringBuilder html, string[] headers, IEnumerable<string[]> rows) =>
        HtmlPage.AppendTable(html, headers, rows);

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

}
