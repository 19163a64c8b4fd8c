namespace CodeAssist.Telemetry.Events;

/// <summary>
/// Fields every event carries. The server builds one per session/document and derives per-request copies with <c>with</c>.
/// </summary>
public sealed record EventContext
{
    public required string SessionId { get; init; }
    /// <summary>Human label of the quantization format, e.g. "Q4_K_M".</summary>
    public string? FormatLabel { get; init; }
    /// <summary>SHA-256 of the GGUF file: two files with the same label are still told apart.</summary>
    public string? FormatSha256 { get; init; }
    /// <summary>GGUF general.file_type as reported by the model metadata.</summary>
    public string? FileType { get; init; }
    public string? Architecture { get; init; }
    /// <summary>LSP language id of the document.</summary>
    public string? Language { get; init; }
    /// <summary>Hash of the file extension: groups files without storing their names.</summary>
    public string? FileExtensionHash { get; init; }
    /// <summary>LSP inline completion trigger: "automatic" or "invoked".</summary>
    public string? TriggerKind { get; init; }
}
