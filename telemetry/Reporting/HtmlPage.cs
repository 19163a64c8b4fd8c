using System.Globalization;
using System.Net;
using System.Text;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Reporting;

/// <summary>
/// The look shared by every CodeAssist HTML report (telemetry and benchmarks): page frame, warning banner, tables and
/// inline SVG rate charts with Wilson error bars.
/// </summary>
public static class HtmlPage
{
    internal const int ChartWidth = 720;
    internal const int LabelWidth = 170;
    internal const int RowHeight = 30;
    internal const int PlotWidth = ChartWidth - LabelWidth - 150;

    public static StringBuilder Begin(string title) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{Encode(title)}}</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
            th{background:#f3f3f3}.demo{background:#fff3cd;border:1px solid #e0b400;padding:8px 12px;font-weight:bold}
            .note{color:#555}svg text{font-size:12px;font-family:system-ui,sans-serif}
            </style></head><body>
            <h1>{{Encode(title)}}</h1>

            """);

    public static StringBuilder End(StringBuilder html) => html.Append("</body></html>\n");

    /// <summary>The yellow warning box (demo data, noise).</summary>
    public static StringBuilder AppendBanner(StringBuilder html, string text) =>
        html.Append("<p class=\"demo\">").Append(Encode(text)).Append("</p>\n");

    public static StringBuilder AppendNote(StringBuilder html, string text) =>
        html.Append("<p class=\"note\">").Append(Encode(text)).Append("</p>\n");

    public static StringBuilder AppendHeading(StringBuilder html, string text) =>
        html.Append("<h2>").Append(Encode(text)).Append("</h2>\n");

    public static StringBuilder AppendTable(StringBuilder html, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
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
        return html.Append("</table>\n");
    }

    /// <summary>One bar per row with its Wilson interval; rows under <paramref name="minSampleSize"/> are greyed out.</summary>
    public static string RateChart(IReadOnlyList<(string Label, Proportion Rate)> rows, int minSampleSize)
    {
        var svg = StartSvg(rows.Count, out var axisY);
        AppendAxis(svg, axisY, 1, value => ReportText.Percent(value));
        for (var index = 0; index < rows.Count; index++)
        {
            var (label, proportion) = rows[index];
            var y = index * RowHeight + 10;
            AppendRowLabel(svg, label, y);
            if (proportion.Rate is not { } rate)
            {
                AppendValueLabel(svg, "no data", y);
                continue;
            }
            var enough = proportion.N >= minSampleSize;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{X(rate, 1) - LabelWidth:0.0}\" height=\"{RowHeight - 12}\" fill=\"{(enough ? "#4e79a7" : "#bbbbbb")}\"/>");
            AppendWhisker(svg, X(proportion.Low!.Value, 1), X(proportion.High!.Value, 1), y + RowHeight / 2 - 2);
            AppendValueLabel(svg, enough ? $"{ReportText.Percent(rate)} (n={proportion.N})" : $"{ReportText.NotEnoughData} (n={proportion.N})", y);
        }
        return svg.Append("</svg>\n").ToString();
    }

    internal static StringBuilder StartSvg(int rows, out int axisY)
    {
        axisY = rows * RowHeight + 14;
        return new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{axisY + 24}\" role=\"img\">");
    }

    internal static void AppendAxis(StringBuilder svg, int axisY, double max, Func<double, string> tickLabel)
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

    internal static void AppendWhisker(StringBuilder svg, double from, double to, int y) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{from:0.0}\" x2=\"{to:0.0}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#222\"/>" +
            $"<line x1=\"{from:0.0}\" x2=\"{from:0.0}\" y1=\"{y - 5}\" y2=\"{y + 5}\" stroke=\"#222\"/>" +
            $"<line x1=\"{to:0.0}\" x2=\"{to:0.0}\" y1=\"{y - 5}\" y2=\"{y + 5}\" stroke=\"#222\"/>");

    internal static void AppendRowLabel(StringBuilder svg, string label, int y) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{LabelWidth - 6}\" y=\"{y + RowHeight / 2 + 2}\" text-anchor=\"end\">{Encode(label)}</text>");

    internal static void AppendValueLabel(StringBuilder svg, string text, int y) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{LabelWidth + PlotWidth + 6}\" y=\"{y + RowHeight / 2 + 2}\">{Encode(text)}</text>");

    internal static double X(double value, double max) => LabelWidth + Math.Clamp(value / max, 0, 1) * PlotWidth;

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);
}
