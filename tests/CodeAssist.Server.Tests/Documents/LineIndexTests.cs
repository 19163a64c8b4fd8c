using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Tests.Documents;

public sealed class LineIndexTests
{
    [Fact]
    public void Lines_split_at_crlf_lf_and_lone_cr()
    {
        var index = new LineIndex("a\r\nb\nc\rd");
        Assert.Equal(4, index.LineCount);
        Assert.Equal([0, 3, 5, 7], Enumerable.Range(0, 4).Select(index.LineStart));
        Assert.Equal(1, index.LineContentEnd(0));
    }

    [Theory]
    [InlineData(PositionEncoding.Utf16, 3, 3)] // "x😀" = x + surrogate pair: after the emoji is 3 UTF-16 units
    [InlineData(PositionEncoding.Utf8, 5, 3)]  // 1 + 4 bytes
    [InlineData(PositionEncoding.Utf32, 2, 3)] // 2 code points
    public void Character_offsets_count_in_the_negotiated_encoding(PositionEncoding encoding, int character, int expectedOffset)
    {
        var index = new LineIndex("x😀y");
        Assert.Equal(expectedOffset, index.ToOffset(new Position(0, character), encoding));
        Assert.Equal(new Position(0, character), index.ToPosition(expectedOffset, encoding));
    }

    [Fact]
    public void A_position_inside_a_surrogate_pair_snaps_to_its_start()
    {
        var index = new LineIndex("😀");
        Assert.Equal(0, index.ToOffset(new Position(0, 1), PositionEncoding.Utf16));
    }

    [Fact]
    public void A_character_past_the_line_end_clamps_to_the_end_of_that_line_not_into_the_next()
    {
        var index = new LineIndex("ab\r\ncd");
        Assert.Equal(2, index.ToOffset(new Position(0, 50), PositionEncoding.Utf16));
    }

    [Fact]
    public void The_line_after_a_final_line_break_exists_but_not_the_one_after()
    {
        var index = new LineIndex("ab\n");
        Assert.Equal(3, index.ToOffset(new Position(1, 0), PositionEncoding.Utf16));
        Assert.Throws<PositionOutOfRangeException>(() => index.ToOffset(new Position(2, 0), PositionEncoding.Utf16));
        Assert.Throws<PositionOutOfRangeException>(() => index.ToOffset(new Position(0, -1), PositionEncoding.Utf16));
    }
}
