using System.Globalization;
using System.Net;
using System.Text;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Reporting;

/// <summary>A self-contained HTML page: tables plus inline SVG charts (rates with error bars, latency box plots).</summary>
public static class HtmlReportRenderer
{
    private const int ChartWidth = 720;
    private const int LabelWidth = 170;
    private const int RowHeight = 30;
    private const int PlotWidth = ChartWidth - LabelWidth - 150;

    public static string Render(FormatReport report)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>CodeAssist format report</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
            th{background:#f3f3f3}.demo{background:#fff3cd;border:1px solid #e0b400;padding:8px 12px;font-weight:bold}
            .note{color:#555}svg text{font-size:12px;font-family:system-ui,sans-serif}
            </style></head><body>
            <h1>CodeAssist format report</h1>
            """);
        if (report.IsDemo)
            html.Append("<p class=\"demo\">DEMO DATA: produced by <code>codeassist demo</code> on tiny models, not real usage.</p>\n");
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
        html.Append("</body></html>\n");
        return html.ToString();
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

    private static void AppendTable(StringBuilder html, string[] headers, IEnumerable<string[]> rows)
    {
        html.Append("<table><tr>");
        foreach (var header in headers)
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        html.Append("</tr>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append("<td>").Append(Encode(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string RateChart(FormatReport report, Func<FormatSummary, Proportion> select)
    {
        var svg = StartSvg(report.Formats.Count, out var axisY);
        AppendAxis(svg, axisY, 1, value => ReportText.Percent(value));
        for (var index = 0; index < report.Formats.Count; index++)
        {
            var format = report.Formats[index];
            var proportion = select(format);
            var y = index * RowHeight + 10;
            AppendRowLabel(svg, format.Label, y);
            if (proportion.Rate is not { } rate)
            {
                AppendValueLabel(svg, "no data", y);
                continue;
            }
            var enough = proportion.N >= report.MinSampleSize;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{X(rate, 1) - LabelWidth:0.0}\" height=\"{RowHeight - 12}\" fill=\"{(enough ? "#4e79a7" : "#bbbbbb")}\"/>");
            AppendWhisker(svg, X(proportion.Low!.Value, 1), X(proportion.High!.Value, 1), y + RowHeight / 2 - 2);
            AppendValueLabel(svg, enough ? $"{ReportText.Percent(rate)} (n={proportion.N})" : $"{ReportText.NotEnoughData} (n={proportion.N})", y);
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string LatencyChart(FormatReport report)
    {
        var series = report.Formats
            .SelectMany(format => new[] { ($"{format.Label} first token", format.FirstTokenSamples), ($"{format.Label} total", format.TotalSamples) })
            .ToArray();
        var max = series.SelectMany(item => item.Item2).DefaultIfEmpty(1).Max();
        var svg = StartSvg(series.Length, out var axisY);
        AppendAxis(svg, axisY, max, value => ReportText.Number(value) + " ms");
        for (var index = 0; index < series.Length; index++)
        {
            var (label, samples) = series[index];
            var y = index * RowHeight + 10;
            AppendRowLabel(svg, label, y);
            if (samples.Count == 0)
            {
                AppendValueLabel(svg, "no data", y);
                continue;
            }
            double At(double percent) => X(Percentile.Of(samples, percent)!.Value, max);
            var middle = y + RowHeight / 2 - 2;
            AppendWhisker(svg, At(5), At(95), middle);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{At(25):0.0}\" y=\"{y + 5}\" width=\"{Math.Max(1, At(75) - At(25)):0.0}\" height=\"{RowHeight - 14}\" fill=\"#f28e2b\" fill-opacity=\"0.6\" stroke=\"#b35c00\"/>" +
                $"<line x1=\"{At(50):0.0}\" x2=\"{At(50):0.0}\" y1=\"{y + 5}\" y2=\"{y + RowHeight - 9}\" stroke=\"#222\" stroke-width=\"2\"/>");
            AppendValueLabel(svg, $"p50 {ReportText.Number(Percentile.Of(samples, 50)!.Value)} ms (n={samples.Count})", y);
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static StringBuilder StartSvg(int rows, out int axisY)
    {
        axisY = rows * RowHeight + 14;
        return new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{axisY + 24}\" role=\"img\">");
    }

    private static void AppendAxis(StringBuilder svg, int axisY, double max, Func<double, string> tickLabel)
    {
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{LabelWidth}\" x2=\"{LabelWidth + PlotWidth}\" y1=\"{axisY}\" y2=\"{axisY}\" stroke=\"#888\"/>");
        foreach (var fraction in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            var x = LabelWidth + fraction * PlotWidth;
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{x:0.0}\" x2=\"{x:0.0}\" y1=\"4\" y2=\"{axisY}\" stroke=\"#eee\"/>" +
                $"<text x=\"{x:0.0}\" y=\"{axisY + 16}\" text-anchor=\"middle\">{Encode(tickLabel(fraction * max))}</text>");
        }
    }

    private static void AppendWhisker(StringBuilder svg, double from, double to, int y) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{from:0.0}\" x2=\"{to:0.0}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#222\"/>" +
            $"<line x1=\"{from:0.0}\" x2=\"{from:0.0}\" y1=\"{y - 5}\" y2=\"{y + 5}\" stroke=\"#222\"/>" +
            $"<line x1=\"{to:0.0}\" x2=\"{to:0.0}\" y1=\"{y - 5}\" y2=\"{y + 5}\" stroke=\"#222\"/>");

    private static void AppendRowLabel(StringBuilder svg, string label, int y) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{LabelWidth - 6}\" y=\"{y + RowHeight / 2 + 2}\" text-anchor=\"end\">{Encode(label)}</text>");

    private static void AppendValueLabel(StringBuilder svg, string text, int y) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{LabelWidth + PlotWidth + 6}\" y=\"{y + RowHeight / 2 + 2}\">{Encode(text)}</text>");

    private static double X(double value, double max) => LabelWidth + Math.Clamp(value / max, 0, 1) * PlotWidth;

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
