namespace CodeAssist.Benchmarks.Soak;

/// <summary>What a soak measured. <see cref="End"/> is taken after every document was closed and the server had a quiet moment.</summary>
public sealed record SoakResult(
    ProcessSample Start,
    ProcessSample Peak,
    ProcessSample? End,
    int Keystrokes,
    int Completions,
    int FailedRequests,
    int FormatSwitches,
    int BigDocumentsOpened,
    TimeSpan Elapsed,
    int? CrashExitCode)
{
    /// <summary>The goal: after documents are closed, resident memory is back within 20% of the start.</summary>
    public const double AllowedGrowth = 0.20;

    public double? EndGrowth => End is null ? null : (double)(End.ResidentBytes - Start.ResidentBytes) / Start.ResidentBytes;

    public bool MemoryCameBack => EndGrowth is { } growth && growth <= AllowedGrowth;
}
