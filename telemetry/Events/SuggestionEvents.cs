using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Events;

/// <summary>Prompt size by part, in tokens.</summary>
public sealed record PromptTokens(int Prefix, int Suffix, int Context);

/// <summary>Where the time of one suggestion went, in milliseconds.</summary>
public sealed record SuggestionTimings
{
    public double? QueueMs { get; init; }
    public double? PromptEvalMs { get; init; }
    public double? FirstTokenMs { get; init; }
    public double? GenerationMs { get; init; }
    public double? VerificationMs { get; init; }
    public double? TotalMs { get; init; }
}

public sealed record SuggestionShown : TelemetryEvent
{
    public override string Kind => EventKinds.SuggestionShown;
    public required string SuggestionId { get; init; }
    public int Lines { get; init; }
    public int Chars { get; init; }
    public PromptTokens? PromptTokens { get; init; }
    public int GeneratedTokens { get; init; }
    public SuggestionTimings Timings { get; init; } = new();
    /// <summary>The Roslyn check's verdict, or why there was none; stored by its wire name, e.g. "compiles" or "typed-ahead".</summary>
    public SuggestionVerdict? Verdict { get; init; }
    public IReadOnlyList<string> NewDiagnosticIds { get; init; } = [];
    public bool CacheHit { get; init; }
    public bool TypedAheadHit { get; init; }
    /// <summary>How the model's cache served the prompt: cold, prefix, checkpoint or full_reevaluation; null without a model run.</summary>
    public string? ReusePath { get; init; }
    /// <summary>Prompt tokens the cache already held, not evaluated again; null without a model run.</summary>
    public int? ReusedPromptTokens { get; init; }
    /// <summary>Prompt tokens the model evaluated for this suggestion (llama-server's prompt_n); null without a model run.</summary>
    public int? EvaluatedPromptTokens { get; init; }
    /// <summary>Generation speed the model reported (llama-server's predicted_per_second); null without a model run.</summary>
    public double? GeneratedTokensPerSecond { get; init; }
    /// <summary>What served the suggestion: "in-process" or "llama-server" (the session_start row names the in-process native backend, cpu or cuda12).</summary>
    public string? Backend { get; init; }
    /// <summary>Stored only when the store's IncludeCode option is on.</summary>
    public string? PromptText { get; init; }
    /// <summary>Stored only when the store's IncludeCode option is on.</summary>
    public string? SuggestionText { get; init; }

    private protected override void Fill(EventRow row)
    {
        row.SuggestionId = SuggestionId;
        row.Lines = Lines;
        row.Chars = Chars;
        row.PromptPrefixTokens = PromptTokens?.Prefix;
        row.PromptSuffixTokens = PromptTokens?.Suffix;
        row.PromptContextTokens = PromptTokens?.Context;
        row.GeneratedTokens = GeneratedTokens;
        row.QueueMs = Timings.QueueMs;
        row.PromptEvalMs = Timings.PromptEvalMs;
        row.FirstTokenMs = Timings.FirstTokenMs;
        row.GenerationMs = Timings.GenerationMs;
        row.VerificationMs = Timings.VerificationMs;
        row.TotalMs = Timings.TotalMs;
        row.Verdict = Verdict?.ToWireName();
        row.NewDiagnosticIds = NewDiagnosticIds.Count == 0 ? null : string.Join(',', NewDiagnosticIds);
        row.CacheHit = CacheHit;
        row.TypedAheadHit = TypedAheadHit;
        row.ReusePath = ReusePath;
        row.ReusedPromptTokens = ReusedPromptTokens;
        row.EvaluatedPromptTokens = EvaluatedPromptTokens;
        row.GeneratedTokensPerSecond = GeneratedTokensPerSecond;
        row.Backend = Backend;
        row.PromptText = PromptText;
        row.SuggestionText = SuggestionText;
    }
}

public sealed record SuggestionAccepted : TelemetryEvent
{
    public override string Kind => EventKinds.SuggestionAccepted;
    public required string SuggestionId { get; init; }
    /// <summary>Characters accepted; for a full accept, the suggestion length.</summary>
    public int AcceptedChars { get; init; }
    public bool Partial { get; init; }

    private protected override void Fill(EventRow row)
    {
        row.SuggestionId = SuggestionId;
        row.AcceptedChars = AcceptedChars;
        row.Partial = Partial;
    }
}

public enum RejectReason
{
    /// <summary>A newer suggestion replaced it.</summary>
    Superseded,
    /// <summary>The user dismissed it explicitly.</summary>
    Dismissed,
    /// <summary>Not accepted within the timeout (10 s by default, Continue's rule).</summary>
    Timeout,
}

public sealed record SuggestionRejected : TelemetryEvent
{
    public override string Kind => EventKinds.SuggestionRejected;
    public required string SuggestionId { get; init; }
    public required RejectReason Reason { get; init; }

    private protected override void Fill(EventRow row)
    {
        row.SuggestionId = SuggestionId;
        row.RejectReason = Reason.ToString().ToLowerInvariant();
    }
}

/// <summary>Fraction of the accepted text still present at a checkpoint, see <see cref="Survival.SurvivalScorer"/>.</summary>
public sealed record SuggestionSurvival : TelemetryEvent
{
    public override string Kind => EventKinds.Survival;
    public required string SuggestionId { get; init; }
    public required Checkpoint Checkpoint { get; init; }
    public required double Fraction { get; init; }

    private protected override void Fill(EventRow row)
    {
        row.SuggestionId = SuggestionId;
        row.Checkpoint = Checkpoint.Label();
        row.SurvivalFraction = Fraction;
    }
}

/// <summary>Recompile after an accept. Success means a clean region and no new errors anywhere.</summary>
public sealed record BuildResult : TelemetryEvent
{
    public override string Kind => EventKinds.BuildResult;
    public required string SuggestionId { get; init; }
    public required Checkpoint Checkpoint { get; init; }
    public required bool RegionHasErrors { get; init; }
    /// <summary>Errors in the document that were not there before the accept.</summary>
    public required int NewDocumentErrors { get; init; }
    /// <summary>Errors elsewhere in the project that were not there before the accept; null when not computed.</summary>
    public int? NewProjectErrors { get; init; }

    private protected override void Fill(EventRow row)
    {
        row.SuggestionId = SuggestionId;
        row.Checkpoint = Checkpoint.Label();
        row.RegionHasErrors = RegionHasErrors;
        row.NewDocumentErrors = NewDocumentErrors;
        row.NewProjectErrors = NewProjectErrors;
    }
}
