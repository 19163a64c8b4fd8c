using System.Text.Json.Serialization;

namespace CodeAssist.Server.Inference;

/// <summary>The <c>codeassist.fimTemplate</c> setting; each value's JSON name is the setting's word.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FimTemplateChoice>))]
public enum FimTemplateChoice
{
    /// <summary>Detected from the model's special tokens.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,
    [JsonStringEnumMemberName("qwen")]
    Qwen,
    [JsonStringEnumMemberName("codellama")]
    CodeLlama,
    [JsonStringEnumMemberName("starcoder")]
    StarCoder,
    [JsonStringEnumMemberName("deepseek")]
    DeepSeek,
}

/// <summary>
/// A fill-in-the-middle format. Markers are special tokens of the model's vocabulary; repo-level templates also have a
/// repo-name and a file-separator token for extra context files. <see cref="Order"/> puts the suffix after the prefix
/// (PSM) or before it (SPM).
/// </summary>
public sealed record FimTemplate(
    FimTemplateChoice Kind,
    string PrefixMarker,
    string SuffixMarker,
    string MiddleMarker,
    string? RepoNameMarker = null,
    string? FileSeparatorMarker = null)
{
    public FimOrder Order { get; init; } = FimOrder.Psm;

    public static readonly FimTemplate Qwen = new(FimTemplateChoice.Qwen,
        "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|repo_name|>", "<|file_sep|>");

    public static readonly FimTemplate StarCoder = new(FimTemplateChoice.StarCoder,
        "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<reponame>", "<file_sep>");

    public static readonly FimTemplate DeepSeek = new(FimTemplateChoice.DeepSeek,
        "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>");

    // CodeLlama's SentencePiece vocab stores the markers with a leading word-boundary mark (▁<PRE>); FindMarker handles both.
    public static readonly FimTemplate CodeLlama = new(FimTemplateChoice.CodeLlama, "<PRE>", "<SUF>", "<MID>");

    /// <summary>Detection order: the repo-level formats first, since a vocab may carry several marker sets.</summary>
    public static IReadOnlyList<FimTemplate> All { get; } = [Qwen, StarCoder, DeepSeek, CodeLlama];

    public bool HasRepoLevelContext => RepoNameMarker is not null && FileSeparatorMarker is not null;

    /// <summary>Every marker of this template, for stop-token detection.</summary>
    public IEnumerable<string> Markers =>
        new[] { PrefixMarker, SuffixMarker, MiddleMarker, RepoNameMarker, FileSeparatorMarker }.OfType<string>();

    public static FimTemplate For(FimTemplateChoice choice) => choice switch
    {
        FimTemplateChoice.Qwen => Qwen,
        FimTemplateChoice.StarCoder => StarCoder,
        FimTemplateChoice.DeepSeek => DeepSeek,
        FimTemplateChoice.CodeLlama => CodeLlama,
        _ => throw new ArgumentException("Auto is resolved by Detect, not For.", nameof(choice)),
    };

    /// <summary>
    /// Picks the template whose prefix, suffix and middle markers all exist as special tokens (given as their texts);
    /// null when the model has none (it then cannot fill in the middle). An explicit choice wins over detection.
    /// </summary>
    public static FimTemplate? Detect(IReadOnlySet<string> specialTokenTexts, FimTemplateChoice choice = FimTemplateChoice.Auto)
    {
        if (choice != FimTemplateChoice.Auto)
            return For(choice);
        return All.FirstOrDefault(t =>
            new[] { t.PrefixMarker, t.SuffixMarker, t.MiddleMarker }.All(m => FindMarker(specialTokenTexts, m) is not null));
    }

    /// <summary>The vocabulary's spelling of a marker: as written, or with SentencePiece's word-boundary mark in front.</summary>
    public static string? FindMarker(IReadOnlySet<string> specialTokenTexts, string marker) =>
        specialTokenTexts.Contains(marker) ? marker
        : specialTokenTexts.Contains(WordBoundary + marker) ? WordBoundary + marker
        : null;

    private const string WordBoundary = "\u2581";
}
