namespace CodeAssist.Benchmarks.Soak;

/// <summary>What a soak does, besides typing: how long, how often it switches format, and the big documents it opens and closes.</summary>
public sealed record SoakPlan(
    TimeSpan Duration,
    TimeSpan KeystrokeInterval,
    TimeSpan SwitchInterval,
    TimeSpan BigDocumentInterval,
    int BigDocuments,
    int BigDocumentBytes,
    int WarmupKeystrokes,
    int Threads);
