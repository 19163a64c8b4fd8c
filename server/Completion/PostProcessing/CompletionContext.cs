using System.Text;

namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>
/// The document around the cursor a completion is inserted at, and what the filters read from it, each worked out once:
/// while the model generates, the same context is asked after every line whether the completion is already complete.
/// </summary>
public sealed class CompletionContext(string prefix, string suffix, IndentationStyle indentation)
{
    /// <summary>Enough of the suffix to hold any completion, for comparing the completion with it.</summary>
    private const int SuffixWindow = 4000;

    /// <summary>Enough lines after the cursor's to recognise a completion that repeats them.</summary>
    private const int FollowingLineCount = 50;

    private List<char>? _openBeforeCursor;
    private int? _suffixClosersOfOuterOpeners;
    private string? _suffixWithoutWhitespace;
    private List<string>? _followingLines;

    public string Prefix { get; } = prefix;

    public string Suffix { get; } = suffix;

    public IndentationStyle Indentation { get; } = indentation;

    /// <summary>
    /// Lines kept on each side of the cursor: enough for every filter (the indentation style, the brackets the enclosing
    /// members opened, the lines after the cursor), and the filters then cost the same in a 10,000-line file as in a short one.
    /// </summary>
    public const int LinesAround = 200;

    /// <summary>Characters that only close what is already open; a cursor followed by nothing else is at the end of its line.</summary>
    private const string ClosingPunctuation = ")]}>;,\"'";

    /// <summary>The text within <see cref="LinesAround"/> lines of the cursor, and the indentation style detected in it.</summary>
    public static CompletionContext Around(string prefix, string suffix)
    {
        var nearPrefix = prefix[(LineStartBefore(prefix, LinesAround) ?? 0)..];
        var nearSuffix = suffix[..(LineEndAfter(suffix, LinesAround) ?? suffix.Length)];
        return new CompletionContext(nearPrefix, nearSuffix, IndentationStyle.Detect(nearPrefix + nearSuffix));
    }

    private static int? LineStartBefore(string text, int lines)
    {
        var position = text.Length;
        for (var line = 0; line < lines; line++)
        {
            position = position == 0 ? -1 : text.LastIndexOf('\n', position - 1);
            if (position < 0)
                return null;
        }
        return position + 1;
    }

    private static int? LineEndAfter(string text, int lines)
    {
        var position = -1;
        for (var line = 0; line < lines; line++)
        {
            position = text.IndexOf('\n', position + 1);
            if (position < 0)
                return null;
        }
        return position;
    }

    public string LinePrefix => Prefix[(Prefix.LastIndexOf('\n') + 1)..];

    public string LineSuffix => Suffix.IndexOf('\n') is var end and >= 0 ? Suffix[..end] : Suffix;

    /// <summary>Text after the cursor on its line that is more than closing punctuation.</summary>
    public bool CursorMidLine => LineSuffix.Any(character => !char.IsWhiteSpace(character) && !ClosingPunctuation.Contains(character));

    /// <summary>The indentation column of the cursor's line.</summary>
    public int LineIndentation => Indentation.Columns(LinePrefix);

    /// <summary>The brackets opened before the cursor and not closed before it, outermost first.</summary>
    internal IReadOnlyList<char> OpenBeforeCursor => _openBeforeCursor ??= BracketScanner.UnclosedOpeners(Prefix);

    /// <summary>How many closers after the cursor close a bracket opened before it.</summary>
    internal int SuffixClosersOfOuterOpeners => _suffixClosersOfOuterOpeners ??= BracketScanner.ClosersOfOuterOpeners(Suffix);

    /// <summary>The start of the suffix with all whitespace removed.</summary>
    internal string SuffixWithoutWhitespace => _suffixWithoutWhitespace ??= WithoutWhitespace(Suffix.Length > SuffixWindow ? Suffix[..SuffixWindow] : Suffix);

    /// <summary>The non-blank lines after the cursor's line, trimmed.</summary>
    internal IReadOnlyList<string> FollowingLines => _followingLines ??=
        [.. Suffix.Split('\n').Skip(1).Select(line => line.Trim()).Where(line => line.Length > 0).Take(FollowingLineCount)];

    private static string WithoutWhitespace(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            if (!char.IsWhiteSpace(character))
                kept.Append(character);
        }
        return kept.ToString();
    }
}
