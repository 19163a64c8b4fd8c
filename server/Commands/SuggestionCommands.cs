using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Completion;
using CodeAssist.Server.Telemetry;

namespace CodeAssist.Server.Commands;

public sealed record SuggestionOutcomeArguments(string SuggestionId, int? AcceptedLength = null);

/// <summary>
/// <c>codeassist.accept</c>: the client ran the inline item's command because the user accepted it. The answer comes once
/// the acceptance (and the shown event before it) is on disk, so an acknowledged accept survives even a kill -9.
/// </summary>
public sealed class AcceptSuggestionCommand(SuggestionTracker tracker, TelemetryService telemetry) : IWorkspaceCommand
{
    public string Name => SuggestionItem.AcceptCommand;

    public async Task<object?> ExecuteAsync(JsonElement[] arguments, DocumentSnapshot documents, CancellationToken cancellationToken)
    {
        var outcome = CommandArguments.First<SuggestionOutcomeArguments>(arguments, Name);
        var recorded = tracker.Accept(outcome.SuggestionId, outcome.AcceptedLength);
        if (recorded)
            await telemetry.FlushAsync();
        return new { recorded };
    }
}

/// <summary><c>codeassist.dismiss</c>: the user explicitly dismissed the suggestion (Escape), where the client can tell.</summary>
public sealed class DismissSuggestionCommand(SuggestionTracker tracker) : IWorkspaceCommand
{
    public string Name => "codeassist.dismiss";

    public Task<object?> ExecuteAsync(JsonElement[] arguments, DocumentSnapshot documents, CancellationToken cancellationToken)
    {
        var outcome = CommandArguments.First<SuggestionOutcomeArguments>(arguments, Name);
        return Task.FromResult<object?>(new { recorded = tracker.Dismiss(outcome.SuggestionId) });
    }
}
