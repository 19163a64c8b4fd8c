using System.Collections.Immutable;
using System.Text;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Documents;

/// <summary>
/// Line starts of a text, splitting at CRLF, LF and lone CR as LSP does, and the mapping between
/// positions in any encoding and UTF-16 offsets.
/// </summary>
public sealed class LineIndex
{
    private readonly string _text;
    private readonly ImmutableArray<int> _lineStarts;

    public LineIndex(string text)
    {
        _text = text;
        var starts = ImmutableArray.CreateBuilder<int>();
        starts.Add(0);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToImmutable();
    }

    public int LineCount => _lineStarts.Length;

    public int LineStart(int line) => _lineStarts[line];

    /// <summary>End of the line's content, before its line break.</summary>
    public int LineContentEnd(int line)
    {
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : _text.Length;
        if (end > _lineStarts[line] && end <= _text.Length && line + 1 < _lineStarts.Length)
        {
            if (_text[end - 1] == '\n') end--;
            if (end > _lineStarts[line] && _text[end - 1] == '\r') end--;
        }
        return end;
    }

    /// <summary>
    /// The UTF-16 offset of a position. A character past the end of its line means the end of the line (LSP rule);
    /// a line past the end of the document is an error (the empty line after a final line break is a line).
    /// </summary>
    public int ToOffset(Position position, PositionEncoding encoding)
    {
        if (position.Line < 0 || position.Character < 0)
            throw new PositionOutOfRangeException(position, "negative line or character");
        if (position.Line >= _lineStarts.Length)
            throw new PositionOutOfRangeException(position, $"the document has {_lineStarts.Length} lines");
        var start = _lineStarts[position.Line];
        var end = LineContentEnd(position.Line);
        var offset = start;
        var units = 0;
        while (offset < end && units < position.Character)
        {
            var isPair = char.IsHighSurrogate(_text[offset]) && offset + 1 < end && char.IsLowSurrogate(_text[offset + 1]);
            var width = UnitsOf(_text, offset, isPair, encoding);
            if (units + width > position.Character)
                break; // a position inside a surrogate pair or a multi-byte char snaps to the char's start
            units += width;
            offset += isPair ? 2 : 1;
        }
        return offset;
    }

    public Position ToPosition(int offset, PositionEncoding encoding)
    {
        offset = Math.Clamp(offset, 0, _text.Length);
        var line = _lineStarts.BinarySearch(offset);
        if (line < 0) line = ~line - 1;
        var start = _lineStarts[line];
        var units = 0;
        for (var i = start; i < offset; i++)
        {
            var isPair = char.IsHighSurrogate(_text[i]) && i + 1 < offset && char.IsLowSurrogate(_text[i + 1]);
            units += UnitsOf(_text, i, isPair, encoding);
            if (isPair) i++;
        }
        return new Position(line, units);
    }

    private static int UnitsOf(string text, int offset, bool isPair, PositionEncoding encoding) => encoding switch
    {
        PositionEncoding.Utf16 => isPair ? 2 : 1,
        PositionEncoding.Utf32 => 1,
        _ => isPair ? 4 : Encoding.UTF8.GetByteCount(text.AsSpan(offset, 1)),
    };
}

public sealed class PositionOutOfRangeException(Position position, string reason)
    : Exception($"Position {position.Line}:{position.Character} is out of range: {reason}.")
{
    public Position Position { get; } = position;
}
