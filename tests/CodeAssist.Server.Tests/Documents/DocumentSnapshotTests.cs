using System.Collections.Immutable;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Tests.Documents;

/// <summary>The request context: the document a request names and its positions, or the LSP error the client sees.</summary>
public sealed class DocumentSnapshotTests
{
    private const string Uri = "file:///a.cs";
    private static readonly TextDocument Open = new(Uri, "csharp", 1, "a😀b\nc");

    private static DocumentSnapshot With(TextDocument document, PositionEncoding encoding = PositionEncoding.Utf16) =>
        new(ImmutableDictionary<string, TextDocument>.Empty.Add(document.Uri, document), encoding, 1);

    [Fact]
    public void A_document_that_is_not_open_is_InvalidParams()
    {
        var error = Assert.Throws<LspException>(() => With(Open).Get("file:///closed.cs"));

        Assert.Equal((ErrorCodes.InvalidParams, "The document file:///closed.cs is not open."), (error.Code, error.Message));
    }

    [Fact]
    public void A_document_out_of_sync_is_ContentModified_only_where_the_request_needs_it_in_sync()
    {
        var documents = With(Open.MarkOutOfSync(2));

        var error = Assert.Throws<LspException>(() => documents.GetInSync(Uri));

        Assert.Equal((ErrorCodes.ContentModified, $"{Uri} is out of sync; waiting for a full text change."), (error.Code, error.Message));
        Assert.True(documents.Get(Uri).OutOfSync);
        Assert.Same(Open, With(Open).GetInSync(Uri));
    }

    [Theory]
    [InlineData(PositionEncoding.Utf16, 3, 3)]
    [InlineData(PositionEncoding.Utf8, 5, 3)]
    [InlineData(PositionEncoding.Utf32, 2, 3)]
    public void A_position_is_an_offset_in_the_negotiated_encoding(PositionEncoding encoding, int character, int offset) =>
        Assert.Equal(offset, With(Open, encoding).OffsetOf(Open, new Position(0, character)));

    [Theory]
    [InlineData(2, 0)]
    [InlineData(0, -1)]
    public void A_position_outside_the_document_is_InvalidParams(int line, int character)
    {
        var error = Assert.Throws<LspException>(() => With(Open).OffsetOf(Open, new Position(line, character)));

        Assert.Equal(ErrorCodes.InvalidParams, error.Code);
    }
}
