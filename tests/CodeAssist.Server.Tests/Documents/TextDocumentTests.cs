using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;
using Range = CodeAssist.Server.Protocol.Range;

namespace CodeAssist.Server.Tests.Documents;

public sealed class TextDocumentTests
{
    private static TextDocumentContentChangeEvent Edit(int l1, int c1, int l2, int c2, string text) =>
        new(text, new Range(new Position(l1, c1), new Position(l2, c2)));

    [Fact]
    public void Incremental_changes_apply_in_order_against_the_text_so_far()
    {
        var document = new TextDocument("file:///a.cs", "csharp", 1, "ab\r\ncd");
        var changed = document.Apply(2, [Edit(1, 0, 1, 0, "X"), Edit(0, 0, 0, 2, "😀")], PositionEncoding.Utf16);
        Assert.Equal("😀\r\nXcd", changed.Text);
        Assert.Equal(2, changed.Version);
    }

    [Fact]
    public void A_full_change_heals_an_out_of_sync_document_and_incremental_ones_are_skipped_until_then()
    {
        var broken = new TextDocument("file:///a.cs", "csharp", 1, "old").MarkOutOfSync(2);
        var skipped = broken.Apply(3, [Edit(0, 0, 0, 0, "x")], PositionEncoding.Utf16);
        Assert.True(skipped.OutOfSync);
        Assert.Equal(3, skipped.Version);
        var healed = skipped.Apply(4, [new TextDocumentContentChangeEvent("new")], PositionEncoding.Utf16);
        Assert.False(healed.OutOfSync);
        Assert.Equal("new", healed.Text);
    }

    [Fact]
    public void A_reversed_range_is_an_error()
    {
        var document = new TextDocument("file:///a.cs", "csharp", 1, "abc");
        Assert.Throws<PositionOutOfRangeException>(() => document.Apply(2, [Edit(0, 2, 0, 1, "")], PositionEncoding.Utf16));
    }

    [Theory]
    [InlineData(null, PositionEncoding.Utf16)]
    [InlineData(new[] { "utf-8" }, PositionEncoding.Utf8)]
    [InlineData(new[] { "utf-32", "utf-16" }, PositionEncoding.Utf16)]
    [InlineData(new[] { "latin-1" }, PositionEncoding.Utf16)]
    public void Encoding_negotiation_prefers_utf16_then_the_clients_order(string[]? offered, PositionEncoding expected) =>
        Assert.Equal(expected, PositionEncodings.Negotiate(offered));
}
