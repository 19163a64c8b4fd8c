using System.Text;
using System.Text.RegularExpressions;

namespace CodeAssist.Server.Tests.Documents;

/// <summary>
/// An independent model of an editor buffer for checking the server: it maps offsets to LSP positions with a regex
/// line split rather than the server's line index.
/// </summary>
public sealed partial class ReferenceText(string text)
{
    public string Text { get; private set; } = text;

    public (int Line, int Character) PositionOf(int offset, string encoding = "utf-16")
    {
        var before = Text[..offset];
        var lines = LineBreak().Split(before);
        var lastLine = lines[^1];
        var character = encoding switch
        {
            "utf-8" => Encoding.UTF8.GetByteCount(lastLine),
            "utf-32" => lastLine.EnumerateRunes().Count(),
            _ => lastLine.Length,
        };
        return (lines.Length - 1, character);
    }

    public void Replace(int start, int end, string newText) => Text = Text[..start] + newText + Text[end..];

    /// <summary>A random offset that does not split a surrogate pair or a CRLF.</summary>
    public int RandomBoundary(Random random)
    {
        while (true)
        {
            var offset = random.Next(Text.Length + 1);
            if (offset == 0 || offset == Text.Length)
                return offset;
            if (char.IsLowSurrogate(Text[offset]) || (Text[offset] == '\n' && Text[offset - 1] == '\r'))
                continue;
            return offset;
        }
    }

    [GeneratedRegex("\r\n|\r|\n")]
    private static partial Regex LineBreak();
}
