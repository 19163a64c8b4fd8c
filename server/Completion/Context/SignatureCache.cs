using System.Collections.Concurrent;
using CodeAssist.Server.Inference;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Completion.Context;

/// <summary>
/// The referenced-type signatures last found in each document. Binding the names around the cursor costs tens of
/// milliseconds on every keystroke in a large file, while the types a user refers to change far more slowly than the
/// text: a request near the line of the last answer takes that answer at once, and <see cref="Refresh"/> recomputes it
/// for the current text off the request's path, ready for the next keystroke. A block that keeps its text from one
/// keystroke to the next also keeps the prompt's head, and with it the KV cache.
/// </summary>
public sealed class SignatureCache
{
    /// <summary>How far (in lines) the cursor may move from where the signatures were found before they are found again.</summary>
    public const int NearbyLines = 10;

    private const int MaxDocuments = 64;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _refreshing = new(StringComparer.Ordinal);

    /// <summary>The signatures for a cursor: the last ones found near its line, or ones found now when there are none.</summary>
    public async Task<IReadOnlyList<ContextFile>> GetAsync(
        Document document, int position, int budget, Func<string, int> countTokens, CancellationToken cancellationToken)
    {
        var line = await LineOfAsync(document, position, cancellationToken).ConfigureAwait(false);
        if (_entries.TryGetValue(KeyOf(document), out var entry) && entry.Budget == budget && Math.Abs(entry.Line - line) <= NearbyLines)
            return entry.Signatures;
        var signatures = await ReferencedSignatures.CollectAsync(document, position, budget, countTokens, cancellationToken: cancellationToken).ConfigureAwait(false);
        Store(document, new Entry(await document.GetTextAsync(cancellationToken).ConfigureAwait(false), line, budget, signatures));
        return signatures;
    }

    /// <summary>
    /// Finds the signatures for this version of the document in the background, unless they were found for it already or a
    /// refresh of the document is still running (the next keystroke starts another).
    /// </summary>
    public Task Refresh(Document document, int position, int budget, Func<string, int> countTokens)
    {
        var key = KeyOf(document);
        if (document.TryGetText(out var text) && _entries.TryGetValue(key, out var entry) && entry.Text == text)
            return Task.CompletedTask;
        var refresh = new Task<Task>(async () =>
        {
            try
            {
                var line = await LineOfAsync(document, position, CancellationToken.None).ConfigureAwait(false);
                var signatures = await ReferencedSignatures.CollectAsync(document, position, budget, countTokens).ConfigureAwait(false);
                Store(document, new Entry(await document.GetTextAsync().ConfigureAwait(false), line, budget, signatures));
            }
            finally
            {
                _refreshing.TryRemove(key, out _);
            }
        });
        var running = refresh.Unwrap();
        if (!_refreshing.TryAdd(key, running))
            return Task.CompletedTask;
        refresh.Start(TaskScheduler.Default);
        return running;
    }

    private void Store(Document document, Entry entry)
    {
        if (_entries.Count >= MaxDocuments)
            _entries.Clear();
        _entries[KeyOf(document)] = entry;
    }

    private static string KeyOf(Document document) => document.FilePath ?? document.Name;

    private static async Task<int> LineOfAsync(Document document, int position, CancellationToken cancellationToken) =>
        (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).Lines.GetLineFromPosition(position).LineNumber;

    private sealed record Entry(SourceText Text, int Line, int Budget, IReadOnlyList<ContextFile> Signatures);
}
