using System.Collections.Concurrent;
using CodeAssist.Server.Inference;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Completion.Context;

/// <summary>
/// The referenced-type signatures last found in each document. Binding the names around the cursor costs tens of
/// milliseconds on every keystroke in a large file, while the types a user refers to change far more slowly than the
/// text: a request near the line of the last answer takes that answer at once, and <see cref="RefreshAsync"/> recomputes it
/// for the current text off the request's path, ready for the next keystroke. A block that keeps its text from one
/// keystroke to the next also keeps the prompt's head, and with it the KV cache.
/// </summary>
public sealed class SignatureCache
{
    /// <summary>How far (in lines) the cursor may move from where the signatures were found before they are found again.</summary>
    public const int NearbyLines = 10;

    private const int MaxDocuments = 64;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _refreshing = new(StringComparer.Ordinal);

    /// <summary>The signatures for a cursor: the last ones found near its line, or ones found now when there are none.</summary>
    public async Task<IReadOnlyList<ContextFile>> GetAsync(
        Document document, int position, int budget, Func<string, int> countTokens, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var line = text.Lines.GetLineFromPosition(position).LineNumber;
        if (_entries.TryGetValue(KeyOf(document), out var entry) && entry.Budget == budget && Math.Abs(entry.Line - line) <= NearbyLines)
            return entry.Signatures;
        return await FindAsync(document, text, position, budget, countTokens, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds the signatures for this version of the document, unless they were found for it already or a refresh of the
    /// document is still running (the next keystroke starts another). Callers run it off the request's path.
    /// </summary>
    public async Task RefreshAsync(Document document, int position, int budget, Func<string, int> countTokens)
    {
        var key = KeyOf(document);
        var text = await document.GetTextAsync().ConfigureAwait(false);
        if ((_entries.TryGetValue(key, out var entry) && entry.Text == text) || !_refreshing.TryAdd(key, 0))
            return;
        try
        {
            await FindAsync(document, text, position, budget, countTokens, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _refreshing.TryRemove(key, out _);
        }
    }

    private async Task<IReadOnlyList<ContextFile>> FindAsync(
        Document document, SourceText text, int position, int budget, Func<string, int> countTokens, CancellationToken cancellationToken)
    {
        var signatures = await ReferencedSignatures.CollectAsync(document, position, budget, countTokens, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_entries.Count >= MaxDocuments)
            _entries.Clear();
        _entries[KeyOf(document)] = new Entry(text, text.Lines.GetLineFromPosition(position).LineNumber, budget, signatures);
        return signatures;
    }

    private static string KeyOf(Document document) => document.FilePath ?? document.Name;

    private sealed record Entry(SourceText Text, int Line, int Budget, IReadOnlyList<ContextFile> Signatures);
}
