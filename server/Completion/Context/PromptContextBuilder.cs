using Microsoft.CodeAnalysis;
using CodeAssist.Server.Documents;

namespace CodeAssist.Server.Completion.Context;

/// <summary>Assembles the prompt's parts for a cursor in a document, each within its token budget.</summary>
public sealed class PromptContextBuilder(Func<string, int> countTokens, ContextBudget budget, RecentEdits recentEdits, SignatureCache signatureCache)
{
    /// <param name="repositoryRoot">The opened folder; paths in the prompt are relative to it and its name is the repository name.</param>
    public async Task<PromptParts> BuildAsync(Document document, int position, string repositoryRoot, CancellationToken cancellationToken)
    {
        var text = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
        var prefix = TokenWindow.Prefix(text[..position], budget.PrefixTokens, countTokens);
        var suffix = TokenWindow.Suffix(text[position..], budget.SuffixTokens, countTokens);
        var signatures = await signatureCache.GetAsync(document, position, budget.SignatureTokens, countTokens, cancellationToken).ConfigureAwait(false);
        var edits = recentEdits.Chunks(document.FilePath ?? "", budget.RecentEditTokens, countTokens);
        var tokens = new PromptTokenCounts(countTokens(prefix), countTokens(suffix), signatures.Sum(file => countTokens(file.Text)), edits.Sum(file => countTokens(file.Text)));
        string Relative(string? path) => path is null ? document.Name : Path.GetRelativePath(repositoryRoot, path);
        return new PromptParts(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot))),
            [.. signatures.Concat(edits).Select(file => file with { Path = Relative(file.Path) })],
            Relative(document.FilePath),
            prefix,
            suffix,
            tokens);
    }

    /// <summary>Brings the signatures for this version of the document up to date for the next request.</summary>
    public Task RefreshSignaturesAsync(Document document, int position) => signatureCache.RefreshAsync(document, position, budget.SignatureTokens, countTokens);
}
