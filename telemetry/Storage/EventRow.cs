namespace CodeAssist.Telemetry.Storage;

/// <summary>
/// One event as stored and exported: a flat row with a stable column set. Columns not used by an event's kind are null.
/// Property order is column order; <see cref="EventColumns"/> derives the snake_case column names from it.
/// </summary>
public sealed class EventRow
{
    public long Id { get; set; }
    public DateTime Timestamp { get; set; }
    public string Kind { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string? FormatLabel { get; set; }
    public string? FormatSha256 { get; set; }
    public string? FileType { get; set; }
    public string? Architecture { get; set; }
    public string? Language { get; set; }
    public string? FileExtensionHash { get; set; }
    public string? TriggerKind { get; set; }
    public string? SuggestionId { get; set; }
    public int? Lines { get; set; }
    public int? Chars { get; set; }
    public int? PromptPrefixTokens { get; set; }
    public int? PromptSuffixTokens { get; set; }
    public int? PromptContextTokens { get; set; }
    public int? GeneratedTokens { get; set; }
    public double? QueueMs { get; set; }
    public double? PromptEvalMs { get; set; }
    public double? FirstTokenMs { get; set; }
    public double? GenerationMs { get; set; }
    public double? VerificationMs { get; set; }
    public double? TotalMs { get; set; }
    public string? Verdict { get; set; }
    public string? NewDiagnosticIds { get; set; }
    public bool? CacheHit { get; set; }
    public bool? TypedAheadHit { get; set; }
    public int? AcceptedChars { get; set; }
    public bool? Partial { get; set; }
    public string? RejectReason { get; set; }
    public string? Checkpoint { get; set; }
    public double? SurvivalFraction { get; set; }
    public bool? RegionHasErrors { get; set; }
    public int? NewDocumentErrors { get; set; }
    public int? NewProjectErrors { get; set; }
    public string? RefactorId { get; set; }
    public string? RefactorKind { get; set; }
    public string? Backend { get; set; }
    public string? Device { get; set; }
    public int? GpuLayers { get; set; }
    public int? Threads { get; set; }
    public int? ContextSize { get; set; }
    public string? ServerVersion { get; set; }
    public string? PromptText { get; set; }
    public string? SuggestionText { get; set; }
    public string? ReusePath { get; set; }
    public int? ReusedPromptTokens { get; set; }
    public int? EvaluatedPromptTokens { get; set; }
    public double? GeneratedTokensPerSecond { get; set; }
}
