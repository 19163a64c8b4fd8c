using System.Collections.Immutable;
using CodeAssist.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Documents;

/// <summary>
/// The open documents. Mutations come from the request queue one at a time, in arrival order;
/// readers take an immutable <see cref="DocumentSnapshot"/>.
/// </summary>
public sealed class DocumentStore(ILogger<DocumentStore> logger)
{
    private ImmutableDictionary<string, TextDocument> _documents = ImmutableDictionary<string, TextDocument>.Empty;

    public PositionEncoding Encoding { get; set; } = PositionEncoding.Utf16;

    private long _snapshots;

    /// <summary>Snapshots are numbered: taken in request-arrival order, the number orders the requests too.</summary>
    public DocumentSnapshot Snapshot() => new(_documents, Encoding, Interlocked.Increment(ref _snapshots));

    public DocumentChange Open(TextDocumentItem item)
    {
        var document = new TextDocument(item.Uri, item.LanguageId, item.Version, item.Text);
        _documents = _documents.SetItem(item.Uri, document);
        return new DocumentChange(null, document, []);
    }

    /// <summary>Applies an edit; null when the document is not open (logged).</summary>
    public DocumentChange? Change(VersionedTextDocumentIdentifier id, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        if (!_documents.TryGetValue(id.Uri, out var before))
        {
            logger.LogError("didChange for {Uri}, which is not open; ignored", id.Uri);
            return null;
        }
        TextDocument after;
        if (id.Version <= before.Version)
        {
            logger.LogError("Stale didChange for {Uri}: version {Version} after {Current}; waiting for a full change to resynchronise",
                id.Uri, id.Version, before.Version);
            after = before.MarkOutOfSync(before.Version);
        }
        else
        {
            try
            {
                after = before.Apply(id.Version, changes, Encoding);
            }
            catch (PositionOutOfRangeException e)
            {
                logger.LogError("Edit of {Uri} version {Version} cannot be applied: {Reason}; waiting for a full change to resynchronise",
                    id.Uri, id.Version, e.Message);
                after = before.MarkOutOfSync(id.Version);
            }
        }
        if (before.OutOfSync && !after.OutOfSync)
            logger.LogInformation("{Uri} resynchronised at version {Version}", id.Uri, after.Version);
        _documents = _documents.SetItem(id.Uri, after);
        return new DocumentChange(before, after, changes);
    }

    /// <summary>The saved document; null when it is not open (logged).</summary>
    public TextDocument? Save(string uri)
    {
        if (_documents.TryGetValue(uri, out var document))
            return document;
        logger.LogWarning("didSave for {Uri}, which is not open", uri);
        return null;
    }

    /// <summary>Forgets a document; null when it was not open.</summary>
    public DocumentChange? Close(string uri)
    {
        if (!_documents.TryGetValue(uri, out var before))
            return null;
        _documents = _documents.Remove(uri);
        return new DocumentChange(before, null, []);
    }
}

public sealed record DocumentChange(TextDocument? Before, TextDocument? After, IReadOnlyList<TextDocumentContentChangeEvent> Changes);
