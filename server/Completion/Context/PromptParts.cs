using CodeAssist.Server.Inference;
using CodeAssist.Server.Documents;

namespace CodeAssist.Server.Completion.Context;

/// <summary>Tokens each part of the prompt took, for telemetry.</summary>
public sealed record PromptTokenCounts(int Prefix, int Suffix, int Signatures, int RecentEdits);

/// <summary>
/// What the FIM template turns into tokens: <see cref="ExtraFiles"/> in prompt order (signatures of referenced types,
/// then chunks of recently edited files, most recent first), then the current file's <see cref="Path"/>, prefix and suffix.
/// </summary>
public sealed record PromptParts(
    string RepositoryName,
    IReadOnlyList<ContextFile> ExtraFiles,
    string Path,
    string Prefix,
    string Suffix,
    PromptTokenCounts Tokens);

/// <summary>Token budgets per part of the prompt (the settings).</summary>
public sealed record ContextBudget(int PrefixTokens = 1536, int SuffixTokens = 512, int SignatureTokens = 384, int RecentEditTokens = 384)
{
    /// <summary>Tokens kept free for the FIM markers, the file path and the repo header around the parts.</summary>
    public const int TemplateReserve = 64;

    public int Total => PrefixTokens + SuffixTokens + SignatureTokens + RecentEditTokens;

    /// <summary>
    /// The budgets scaled down, all in proportion, so that the whole prompt and <paramref name="generationTokens"/> fit
    /// in a context of <paramref name="contextSize"/> tokens: a small context never makes a completion fail.
    /// </summary>
    public ContextBudget Within(int contextSize, int generationTokens)
    {
        // At most half the context is held for the answer: a maxTokens near the context size must not starve the prompt.
        var available = Math.Max(16, contextSize - Math.Min(generationTokens, contextSize / 2) - TemplateReserve);
        if (Total <= available)
            return this;
        var scale = (double)available / Total;
        return new ContextBudget(
            Math.Max(8, (int)(PrefixTokens * scale)), (int)(SuffixTokens * scale), (int)(SignatureTokens * scale), (int)(RecentEditTokens * scale));
    }
}
