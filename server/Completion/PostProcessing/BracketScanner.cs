namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>Finds brackets in C# text outside strings, character literals and comments. A lexer, not a parser: good enough for fragments.</summary>
internal static class BracketScanner
{
    private const string Openers = "([{";
    public const string Closers = ")]}";

    public static bool IsOpener(char character) => Openers.Contains(character);

    public static char OpenerOf(char closer) => Openers[Closers.IndexOf(closer)];

    public static IEnumerable<(int Index, char Bracket)> Brackets(string text)
    {
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            var next = index + 1 < text.Length ? text[index + 1] : '\0';
            if (character == '/' && next == '/')
                index = EndOfLine(text, index);
            else if (character == '/' && next == '*')
                index = End(text.IndexOf("*/", index + 2, StringComparison.Ordinal), text, 1);
            else if (character == '@' && next == '"')
                index = EndOfVerbatimString(text, index + 2);
            else if (character is '"' or '\'')
                index = EndOfQuoted(text, index + 1, character);
            else if (Openers.Contains(character) || Closers.Contains(character))
                yield return (index, character);
        }
    }

    /// <summary>The openers left unclosed at the end of <paramref name="text"/>, outermost first.</summary>
    public static List<char> UnclosedOpeners(string text)
    {
        var open = new List<char>();
        foreach (var (_, bracket) in Brackets(text))
        {
            if (IsOpener(bracket))
                open.Add(bracket);
            else if (open.Count > 0 && open[^1] == OpenerOf(bracket))
                open.RemoveAt(open.Count - 1);
        }
        return open;
    }

    /// <summary>How many closers in <paramref name="text"/> close something opened before it.</summary>
    public static int ClosersOfOuterOpeners(string text)
    {
        var depth = 0;
        var outer = 0;
        foreach (var (_, bracket) in Brackets(text))
        {
            if (IsOpener(bracket))
                depth++;
            else if (depth > 0)
                depth--;
            else
                outer++;
        }
        return outer;
    }

    public static bool IsBalanced(string text)
    {
        var depth = 0;
        foreach (var (_, bracket) in Brackets(text))
        {
            depth += IsOpener(bracket) ? 1 : -1;
            if (depth < 0)
                return false;
        }
        return depth == 0;
    }

    private static int EndOfLine(string text, int index) => End(text.IndexOf('\n', index), text, 0);

    private static int End(int found, string text, int tokenTail) => found < 0 ? text.Length : found + tokenTail;

    private static int EndOfQuoted(string text, int index, char quote)
    {
        for (; index < text.Length && text[index] != '\n'; index++)
        {
            if (text[index] == '\\')
                index++;
            else if (text[index] == quote)
                return index;
        }
        return index;
    }

    private static int EndOfVerbatimString(string text, int index)
    {
        for (; index < text.Length; index++)
        {
            if (text[index] != '"')
                continue;
            if (index + 1 < text.Length && text[index + 1] == '"')
                index++;
            else
                return index;
        }
        return index;
    }
}
