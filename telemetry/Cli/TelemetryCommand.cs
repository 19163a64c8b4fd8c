using System.CommandLine;
using System.Globalization;
using CodeAssist.Telemetry.Export;
using CodeAssist.Telemetry.Reporting;
using CodeAssist.Telemetry.Storage;
using Spectre.Console;

namespace CodeAssist.Telemetry.Cli;

/// <summary><c>codeassist telemetry export|report</c>.</summary>
public static class TelemetryCommand
{
    /// <summary>Width for tables written to a file or pipe, where Spectre would otherwise squeeze them into 80 columns.</summary>
    private const int RedirectedWidth = 200;

    public static Command Create()
    {
        var command = new Command("telemetry", "Export the recorded events or print the per-format report.");
        command.Add(CreateExport());
        command.Add(CreateReport());
        return command;
    }

    private static Option<string> DatabaseOption() => new("--db")
    {
        Description = "Telemetry database (default: the user data directory's telemetry.db).",
        DefaultValueFactory = _ => AppPaths.TelemetryDatabase,
    };

    private static Command CreateExport()
    {
        var format = new Option<string>("--format") { Description = "Output format.", Required = true };
        format.AcceptOnlyFromAmong("csv", "jsonl", "parquet");
        var output = new Option<string>("--out") { Description = "File to write.", Required = true };
        var since = new Option<DateTime?>("--since") { Description = "Only events at or after this date/time (UTC)." };
        var label = new Option<string?>("--format-label") { Description = "Only events of this quantization format label." };
        var database = DatabaseOption();
        var command = new Command("export", "Write all events, one row each, as CSV, JSON lines or Parquet.") { format, output, since, label, database };
        command.SetAction(async (parseResult, _) =>
        {
            var filter = new EventFilter(
                parseResult.GetValue(since) is { } date ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : null,
                parseResult.GetValue(label));
            var path = parseResult.GetRequiredValue(output);
            var rows = await TelemetryExporter.ExportAsync(
                parseResult.GetRequiredValue(database), path, ExportFormats.Parse(parseResult.GetRequiredValue(format)), filter);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                string.Create(CultureInfo.InvariantCulture, $"Exported {rows} events to {path}"));
            return 0;
        });
        return command;
    }

    private static Command CreateReport()
    {
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report with charts." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON." };
        var minSampleSize = new Option<int>("--min-sample-size")
        {
            Description = "Below this many suggestions a rate reads \"not enough data\".",
            DefaultValueFactory = _ => FormatReportBuilder.DefaultMinSampleSize,
        };
        var database = DatabaseOption();
        var command = new Command("report", "Print acceptance, build success, survival and latency per format.") { html, json, minSampleSize, database };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var report = FormatReportBuilder.FromDatabase(
                parseResult.GetRequiredValue(database), minSampleSize: parseResult.GetValue(minSampleSize));
            var output = parseResult.InvocationConfiguration.Output;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            if (!console.Profile.Capabilities.Interactive)
                console.Profile.Width = RedirectedWidth;
            ReportConsoleRenderer.Render(report, console);
            if (parseResult.GetValue(html) is { } htmlPath)
            {
                await File.WriteAllTextAsync(htmlPath, HtmlReportRenderer.Render(report), cancellationToken);
                await output.WriteLineAsync($"HTML report: {htmlPath}");
            }
            if (parseResult.GetValue(json) is { } jsonPath)
            {
                await File.WriteAllTextAsync(jsonPath, report.ToJson(), cancellationToken);
                await output.WriteLineAsync($"JSON report: {jsonPath}");
            }
            return 0;
        });
        return command;
    }
}
