namespace CodeAssist.Server.Inference;

/// <summary>What a model load did, for the log and the editor: backend, device, offload, memory and time.</summary>
public sealed record LoadReport(
    string ModelPath,
    string Architecture,
    string Backend,
    string Device,
    int LayersOffloaded,
    int LayerCount,
    long ModelBytes,
    long ResidentBytesDelta,
    long EstimatedVramBytes,
    TimeSpan LoadTime,
    uint ContextSize,
    int Threads,
    string FimTemplate,
    long? CheckpointMemoryBytes = null)
{
    public override string ToString() =>
        $"{Path.GetFileName(ModelPath)} ({Architecture}): backend {Backend}, device {Device}, " +
        $"{LayersOffloaded}/{LayerCount} layers offloaded, model {Mib(ModelBytes)}, RAM +{Mib(ResidentBytesDelta)}, " +
        $"VRAM ~{Mib(EstimatedVramBytes)} (estimated from offloaded layers), loaded in {LoadTime.TotalMilliseconds:F0} ms, " +
        $"context {ContextSize}, {Threads} threads, FIM template {FimTemplate}" +
        (CheckpointMemoryBytes is { } checkpoints ? $", recurrent state checkpoints up to {Mib(checkpoints)}" : "");

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MiB";
}
