namespace CodeAssist.Telemetry.Storage;

/// <summary>Which events to read: those at or after <see cref="Since"/> and of one format label, when given.</summary>
public sealed record EventFilter(DateTime? Since = null, string? FormatLabel = null)
{
    public static EventFilter All { get; } = new();
}
