using Spectre.Console;
using Spectre.Console.Rendering;

namespace CodeAssist.Telemetry.Reporting;

/// <summary>The report as console tables: per format, pairwise comparisons, and the language/trigger splits.</summary>
public static class ReportConsoleRenderer
{
    public static void Render(FormatReport report, IAnsiConsole console)
    {
        if (report.IsDemo)
            console.Write(new Text("DEMO DATA: produced by `codeassist demo` on tiny models, not real usage.\n", new Style(Color.Yellow, decoration: Decoration.Bold)));
        console.Write(new Text(
            $"Format report, {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC. Rates: Wilson 95% CI; differences: Newcombe 95% CI; " +
            $"below n={report.MinSampleSize} a rate reads \"{ReportText.NotEnoughData}\".\n"));
        if (report.Formats.Count == 0)
        {
            console.Write(new Text("No suggestions recorded yet.\n"));
            return;
        }
        console.Write(FormatTable(report));
        if (report.Comparisons.Count > 0)
            console.Write(ComparisonTable(report));
        console.Write(SplitTable("Language", report.Splits.Language, report.MinSampleSize));
        console.Write(SplitTable("Trigger", report.Splits.TriggerKind, report.MinSampleSize));
    }

    private static Table FormatTable(FormatReport report)
    {
        var table = NewTable("Per format", "Format", "Shown", "Accepted", "Acceptance", "Build OK", "Survival 30s/2m/10m",
            "First token p50/p95 ms", "Total p50/p95 ms", "Tok/s", "Verdicts");
        foreach (var format in report.Formats)
            AddRow(table,
                format.Label,
                format.Shown.ToString(),
                format.Accepted.ToString(),
                ReportText.Rate(format.Acceptance, report.MinSampleSize),
                ReportText.Rate(format.BuildSuccess, report.MinSampleSize),
                ReportText.Survival(format),
                ReportText.Latency(format.LatencyMs.FirstTokenP50, format.LatencyMs.FirstTokenP95),
                ReportText.Latency(format.LatencyMs.TotalP50, format.LatencyMs.TotalP95),
                format.TokensPerSecond is { } rate ? rate.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-",
                ReportText.Verdicts(format));
        return table;
    }

    private static Table ComparisonTable(FormatReport report)
    {
        var table = NewTable("Pairwise (A - B)", "A", "B", "Metric", "Difference [95% CI]", "p", "Test");
        foreach (var comparison in report.Comparisons)
            AddRow(table, comparison.A, comparison.B, comparison.Metric, ReportText.Difference(comparison),
                ReportText.PValue(comparison), comparison.Test ?? "-");
        return table;
    }

    private static Table SplitTable(string title, IReadOnlyList<SplitGroup> groups, int minSampleSize)
    {
        var table = NewTable($"By {title.ToLowerInvariant()}", title, "Format", "Shown", "Acceptance", "Build OK");
        foreach (var group in groups)
            foreach (var format in group.Formats)
                AddRow(table, group.Key, format.Label, format.Shown.ToString(),
                    ReportText.Rate(format.Acceptance, minSampleSize), ReportText.Rate(format.BuildSuccess, minSampleSize));
        return table;
    }

    private static Table NewTable(string title, params string[] headers)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header)));
        return table;
    }

    /// <summary>Cells are plain text: labels may contain '[' which markup would misread.</summary>
    private static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)));
}
