using System.Text.Json.Nodes;
using CodeAssist.Telemetry.Export;
using CodeAssist.Telemetry.Reporting;
using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Cli;

/// <summary>
/// What the server's LSP commands <c>codeassist.exportTelemetry</c> and <c>codeassist.formatReport</c> call. Both flush the
/// live store first so that the answer includes the events of the current session.
/// </summary>
public sealed class TelemetryRequests(TelemetryStore store)
{
    /// <summary>Exports every event to <paramref name="outputPath"/> as "csv", "jsonl" or "parquet"; returns the row count.</summary>
    public async Task<int> ExportAsync(string outputPath, string format)
    {
        var exportFormat = ExportFormats.Parse(format);
        await store.FlushAsync().ConfigureAwait(false);
        return await TelemetryExporter.ExportAsync(store.DatabasePath, outputPath, exportFormat, EventFilter.All).ConfigureAwait(false);
    }

    /// <summary>The per-format report as the JSON object the extension renders.</summary>
    public async Task<JsonObject> FormatReportAsync(bool isDemo = false)
    {
        await store.FlushAsync().ConfigureAwait(false);
        return FormatReportBuilder.FromDatabase(store.DatabasePath, isDemo).ToJsonObject();
    }
}
