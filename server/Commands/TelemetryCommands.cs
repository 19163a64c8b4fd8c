using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using CodeAssist.Server.Telemetry;
using CodeAssist.Telemetry.Cli;

namespace CodeAssist.Server.Commands;

public sealed record ExportTelemetryArguments(string Path, string Format = "csv");

/// <summary><c>codeassist.exportTelemetry</c>: writes every event (this session's included) to a file.</summary>
public sealed class ExportTelemetryCommand(TelemetryService telemetry) : IWorkspaceCommand
{
    public string Name => "codeassist.exportTelemetry";

    public async Task<object?> ExecuteAsync(JsonElement[] arguments, DocumentSnapshot documents, CancellationToken cancellationToken)
    {
        var export = CommandArguments.First<ExportTelemetryArguments>(arguments, Name);
        await telemetry.FlushAsync();
        try
        {
            var rows = await new TelemetryRequests(telemetry.Store).ExportAsync(export.Path, export.Format);
            return new { path = Path.GetFullPath(export.Path), rows };
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new LspException(ErrorCodes.RequestFailed, $"Export to {export.Path} failed: {e.Message}");
        }
    }
}

/// <summary><c>codeassist.formatReport</c>: the per-format report as JSON for the client to render.</summary>
public sealed class FormatReportCommand(TelemetryService telemetry) : IWorkspaceCommand
{
    public string Name => "codeassist.formatReport";

    public async Task<object?> ExecuteAsync(JsonElement[] arguments, DocumentSnapshot documents, CancellationToken cancellationToken)
    {
        await telemetry.FlushAsync();
        return await new TelemetryRequests(telemetry.Store).FormatReportAsync();
    }
}
