using System.Collections.Immutable;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Documents;

/// <summary>
/// The open documents as they were when a request arrived; <see cref="Sequence"/> grows with arrival order. It is the
/// request's context (CLaSP's): handlers resolve here the document a request names and its LSP positions, each failure the
/// LSP error the client sees, and hand the services below them a document and offsets.
/// </summary>
public sealed record DocumentSnapshot(ImmutableDictionary<string, TextDocument> Documents, PositionEncoding Encoding, long Sequence)
{
    /// <summary>The open document at <paramref name="uri"/>; InvalidParams when it is not open.</summary>
    public TextDocument Get(string uri) =>
        Documents.TryGetValue(uri, out var document)
            ? document
            : throw new LspException(ErrorCodes.InvalidParams, $"The document {uri} is not open.");

    /// <summary>The open document at <paramref name="uri"/> as the editor has it; ContentModified while it is out of sync.</summary>
    public TextDocument GetInSync(string uri)
    {
        var document = Get(uri);
        return document.OutOfSync
            ? throw new LspException(ErrorCodes.ContentModified, $"{document.Uri} is out of sync; waiting for a full text change.")
            : document;
    }

    /// <summary>The offset of <paramref name="position"/> in <paramref name="document"/>, in the negotiated encoding; InvalidParams outside it.</summary>
    public int OffsetOf(TextDocument document, Position position)
    {
        try
        {
            return document.Lines.ToOffset(position, Encoding);
        }
        catch (PositionOutOfRangeException e)
        {
            throw new LspException(ErrorCodes.InvalidParams, e.Message, e);
        }
    }
}
