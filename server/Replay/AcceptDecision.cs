namespace CodeAssist.Server.Replay;

public enum AcceptKind
{
    /// <summary>Keep typing: the suggestion is superseded by the next one or rejected.</summary>
    None,

    /// <summary>The whole suggestion.</summary>
    Full,

    /// <summary>The suggestion's first line, without its line break (VS Code's "accept next line").</summary>
    Line,

    /// <summary>The suggestion's first word (VS Code's "accept next word").</summary>
    Word,
}

/// <summary>What the replaying developer does with a suggestion, and how many of its characters that takes.</summary>
public readonly record struct AcceptDecision(AcceptKind Kind, int Length)
{
    public static readonly AcceptDecision Reject = new(AcceptKind.None, 0);

    public bool IsPartial => Kind is AcceptKind.Line or AcceptKind.Word;

    /// <summary>
    /// The developer knows the real code: <paramref name="remaining"/> is what they still have to type. They take the
    /// whole suggestion when it is the start of that text (the real text from the cursor over the suggestion's length
    /// equals it, so the suggestion may end early but never run past or differ); else its first line when the suggestion
    /// has more lines and that line is the start of the text; else its first word when that is; else nothing. Whatever
    /// is taken is exactly the real text, so the document never departs from the real code.
    /// </summary>
    public static AcceptDecision Decide(string suggestion, string remaining)
    {
        if (suggestion.Length == 0)
            return Reject;
        if (remaining.StartsWith(suggestion, StringComparison.Ordinal))
            return new AcceptDecision(AcceptKind.Full, suggestion.Length);
        var lineBreak = suggestion.IndexOf('\n');
        if (lineBreak > 0 && IsStartOf(suggestion, lineBreak, remaining))
            return new AcceptDecision(AcceptKind.Line, lineBreak);
        var word = FirstWordLength(suggestion);
        return word > 0 && IsStartOf(suggestion, word, remaining) ? new AcceptDecision(AcceptKind.Word, word) : Reject;
    }

    /// <summary>Leading blanks, then a run of identifier characters or else a run of other symbols.</summary>
    internal static int FirstWordLength(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t')
            i++;
        if (i == text.Length || text[i] is '\n' or '\r')
            return 0;
        var isWord = KeystrokeScript.IsWordChar(text[i]);
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && KeystrokeScript.IsWordChar(text[i]) == isWord)
            i++;
        return i;
    }

    private static bool IsStartOf(string suggestion, int length, string remaining) =>
        remaining.AsSpan().StartsWith(suggestion.AsSpan(0, length), StringComparison.Ordinal);
}
