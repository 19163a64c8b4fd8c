using CodeAssist.Server.Configuration;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Inference;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Telemetry;

/// <summary>A suggestion the user saw and has not yet accepted or rejected.</summary>
public sealed record PendingSuggestion(
    string Id,
    ServedModel? Model,
    TextDocument ShownIn,
    int Offset,
    string Text,
    string TriggerKind);

/// <summary>
/// Follows each shown suggestion to its outcome: accepted (the item's command ran), dismissed (the client said so),
/// superseded (a newer suggestion for the same document was shown) or timed out (not accepted within
/// codeassist.telemetry.rejectAfterSeconds, Continue's rule).
/// </summary>
public sealed class SuggestionTracker(TelemetryService telemetry, SettingsService settings, AcceptedCodeMonitor monitor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PendingSuggestion> _pending = [];
    private readonly Dictionary<string, string> _latestByDocument = [];

    public void Shown(PendingSuggestion suggestion, Func<EventContext, TelemetryEvent> shownEvent)
    {
        telemetry.Record(suggestion.Model, suggestion.ShownIn, suggestion.TriggerKind, shownEvent);
        string? superseded;
        lock (_gate)
        {
            superseded = _latestByDocument.GetValueOrDefault(suggestion.ShownIn.Uri);
            _pending[suggestion.Id] = suggestion;
            _latestByDocument[suggestion.ShownIn.Uri] = suggestion.Id;
        }
        if (superseded is not null)
            Reject(superseded, RejectReason.Superseded);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, settings.Current.Telemetry.RejectAfterSeconds));
        // Rejected on the timer's own callback (it only takes the entry and queues the event): with a fake clock the
        // suggestion has timed out when Advance returns, and not one moment before.
        _ = Task.Delay(timeout, time).ContinueWith(
            _ => Reject(suggestion.Id, RejectReason.Timeout), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The accept command: the whole suggestion, or its first <paramref name="acceptedLength"/> characters.</summary>
    public bool Accept(string id, int? acceptedLength)
    {
        if (Take(id) is not { } suggestion)
            return false;
        var length = Math.Clamp(acceptedLength ?? suggestion.Text.Length, 0, suggestion.Text.Length);
        telemetry.Record(suggestion.Model, suggestion.ShownIn, suggestion.TriggerKind, context => new SuggestionAccepted
        {
            Context = context,
            SuggestionId = id,
            AcceptedChars = length,
            Partial = length < suggestion.Text.Length,
        });
        monitor.Watch(suggestion, suggestion.Text[..length]);
        return true;
    }

    public bool Dismiss(string id) => Reject(id, RejectReason.Dismissed);

    /// <summary>
    /// When the user has typed the start of the document's latest suggestion (and nothing else changed), the rest of it,
    /// so it can be served again without running the model.
    /// </summary>
    public string? TypedAhead(TextDocument current, int offset)
    {
        PendingSuggestion? latest;
        lock (_gate)
            latest = _latestByDocument.GetValueOrDefault(current.Uri) is { } id ? _pending.GetValueOrDefault(id) : null;
        if (latest is null)
            return null;
        var before = latest.ShownIn.Text;
        var typed = offset - latest.Offset;
        if (typed <= 0 || typed >= latest.Text.Length || current.Text.Length != before.Length + typed)
            return null;
        var unchanged = current.Text.AsSpan(0, latest.Offset).SequenceEqual(before.AsSpan(0, latest.Offset))
                        && current.Text.AsSpan(offset).SequenceEqual(before.AsSpan(latest.Offset));
        return unchanged && current.Text.AsSpan(latest.Offset, typed).SequenceEqual(latest.Text.AsSpan(0, typed))
            ? latest.Text[typed..]
            : null;
    }

    private bool Reject(string id, RejectReason reason)
    {
        if (Take(id) is not { } suggestion)
            return false;
        telemetry.Record(suggestion.Model, suggestion.ShownIn, suggestion.TriggerKind, context => new SuggestionRejected
        {
            Context = context,
            SuggestionId = id,
            Reason = reason,
        });
        return true;
    }

    private PendingSuggestion? Take(string id)
    {
        lock (_gate)
        {
            if (!_pending.Remove(id, out var suggestion))
                return null;
            if (_latestByDocument.GetValueOrDefault(suggestion.ShownIn.Uri) == id)
                _latestByDocument.Remove(suggestion.ShownIn.Uri);
            return suggestion;
        }
    }
}
