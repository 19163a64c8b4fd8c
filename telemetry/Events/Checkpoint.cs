namespace CodeAssist.Telemetry.Events;

/// <summary>When a survival or build measurement was taken, relative to the accept.</summary>
public enum Checkpoint
{
    Save,
    After30Seconds,
    After2Minutes,
    After10Minutes,
}

public static class CheckpointLabels
{
    /// <summary>The survival checkpoints, in report order.</summary>
    public static IReadOnlyList<Checkpoint> Survival { get; } = [Checkpoint.After30Seconds, Checkpoint.After2Minutes, Checkpoint.After10Minutes];

    public static string Label(this Checkpoint checkpoint) => checkpoint switch
    {
        Checkpoint.Save => "save",
        Checkpoint.After30Seconds => "30s",
        Checkpoint.After2Minutes => "2m",
        Checkpoint.After10Minutes => "10m",
        _ => throw new ArgumentOutOfRangeException(nameof(checkpoint), checkpoint, null),
    };

    public static TimeSpan Delay(this Checkpoint checkpoint) => checkpoint switch
    {
        Checkpoint.After30Seconds => TimeSpan.FromSeconds(30),
        Checkpoint.After2Minutes => TimeSpan.FromMinutes(2),
        Checkpoint.After10Minutes => TimeSpan.FromMinutes(10),
        _ => throw new ArgumentOutOfRangeException(nameof(checkpoint), checkpoint, "only survival checkpoints have a delay"),
    };
}
