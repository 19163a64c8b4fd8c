using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Events;

public sealed record SessionStarted : TelemetryEvent
{
    public override string Kind => EventKinds.SessionStart;
    /// <summary>Inference backend, e.g. "llama.cpp-cpu".</summary>
    public string? Backend { get; init; }
    public string? Device { get; init; }
    public int? GpuLayers { get; init; }
    public int? Threads { get; init; }
    public int? ContextSize { get; init; }
    public string? ServerVersion { get; init; }

    private protected override void Fill(EventRow row)
    {
        row.Backend = Backend;
        row.Device = Device;
        row.GpuLayers = GpuLayers;
        row.Threads = Threads;
        row.ContextSize = ContextSize;
        row.ServerVersion = ServerVersion;
    }
}

public sealed record SessionEnded : TelemetryEvent
{
    public override string Kind => EventKinds.SessionEnd;

    private protected override void Fill(EventRow row) { }
}
