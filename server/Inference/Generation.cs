namespace CodeAssist.Server.Inference;

public sealed record GenerationOptions
{
    public int MaxTokens { get; init; } = 128;

    /// <summary>Budget for prompt evaluation plus generation, counted once the request holds the context (queue wait excluded).</summary>
    public TimeSpan? WallTimeBudget { get; init; }

    /// <summary>0 is greedy decoding (deterministic); above 0 samples from the softened distribution with <see cref="Seed"/>.</summary>
    public float Temperature { get; init; }

    public uint Seed { get; init; } = 42;

    /// <summary>Stop on end-of-generation and FIM marker tokens; benchmarks switch this off to generate a fixed number of tokens.</summary>
    public bool StopAtEndOfGeneration { get; init; } = true;

    /// <summary>
    /// Asked with the text so far after each decoded piece; true ends the generation (<see cref="StopReason.Complete"/>),
    /// e.g. when post-processing has already cut the text and would cut away anything generated after it.
    /// </summary>
    public Func<string, bool>? IsComplete { get; init; }

    /// <summary>
    /// Text the prompt left off that the generation must spell out first (token healing); it is not part of the result,
    /// the streamed pieces or what <see cref="IsComplete"/> sees.
    /// </summary>
    public string RequiredStart { get; init; } = "";
}

public enum StopReason { EndOfGeneration, MaxTokens, WallTime, Cancelled, ContextFull, Complete }

/// <summary>How the KV cache served a prompt.</summary>
public enum CacheReuse
{
    /// <summary>Nothing matched; the whole prompt was evaluated.</summary>
    Cold,

    /// <summary>A prefix was kept and only the diverging tail was removed and re-evaluated.</summary>
    Prefix,

    /// <summary>The model's memory (recurrent or hybrid) cannot drop a partial tail, so the cache was cleared and everything re-evaluated.</summary>
    FullReevaluation,

    /// <summary>Such a memory went back to a state checkpoint within the shared prefix; only the tokens after it were evaluated.</summary>
    Checkpoint,
}

/// <summary>
/// The state checkpoints of a recurrent or hybrid model after one request: how many are held and their memory, how many the
/// request took and the time they took, and the time to restore the one it started from (null when none was restored).
/// </summary>
public sealed record CheckpointStats(int Count, long Bytes, int Saved, double SaveMs, double? RestoreMs = null);

public sealed record RequestTimings(
    TimeSpan QueueWait,
    int PromptTokensEvaluated,
    TimeSpan PromptEval,
    int GeneratedTokens,
    TimeSpan Generation,
    TimeSpan? FirstTokenLatency,
    TimeSpan Total)
{
    public double PromptTokensPerSecond => PromptEval > TimeSpan.Zero ? PromptTokensEvaluated / PromptEval.TotalSeconds : 0;

    public double GeneratedTokensPerSecond => Generation > TimeSpan.Zero ? GeneratedTokens / Generation.TotalSeconds : 0;
}

/// <summary>
/// One request's outcome. <see cref="RequestTimings.FirstTokenLatency"/> runs from the call, queue wait included, to the first
/// generated token, which is what the user waits for.
/// </summary>
public sealed record GenerationResult(
    string Text,
    StopReason StopReason,
    int PromptTokens,
    int ReusedPromptTokens,
    int EvaluatedPromptTokens,
    CacheReuse CacheReuse,
    RequestTimings Timings,
    PromptTokenCounts? PromptParts = null)
{
    /// <summary>Null for a model whose cache can drop a tail (no checkpoints) and for a llama-server.</summary>
    public CheckpointStats? Checkpoints { get; init; }
}
