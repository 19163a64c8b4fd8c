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
public sealed record ContextBudget(int PrefixTokens = 1536, int SuffixTokens = 512, int SignatureTokens = 384, int RecentEditTokens = 384);
