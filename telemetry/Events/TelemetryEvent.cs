using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Events;

/// <summary>One telemetry fact. Each subtype fills its own columns of the flat <see cref="EventRow"/>.</summary>
public abstract record TelemetryEvent
{
    public required EventContext Context { get; init; }
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Stable name stored in the <c>kind</c> column, e.g. "suggestion_shown".</summary>
    public abstract string Kind { get; }

    internal EventRow ToRow()
    {
        var row = new EventRow
        {
            Timestamp = Timestamp.UtcDateTime,
            Kind = Kind,
            SessionId = Context.SessionId,
            FormatLabel = Context.FormatLabel,
            FormatSha256 = Context.FormatSha256,
            FileType = Context.FileType,
            Architecture = Context.Architecture,
            Language = Context.Language,
            FileExtensionHash = Context.FileExtensionHash,
            TriggerKind = Context.TriggerKind,
        };
        Fill(row);
        return row;
    }

    private protected abstract void Fill(EventRow row);
}
