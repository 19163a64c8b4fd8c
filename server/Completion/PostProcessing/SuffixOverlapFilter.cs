using System.Text;

namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>
/// Stops where the completion starts repeating the text after the cursor (whitespace aside). An overlap of bare punctuation
/// is only cut when what remains is bracket-balanced: in <c>Call(|)</c>, <c>x)</c> loses its parenthesis but <c>f(x)</c> keeps its own.
/// </summary>
public sealed class SuffixOverlapFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.Provisional;

    public string? Apply(string completion, CompletionContext context)
    {
        var suffix = context.SuffixWithoutWhitespace;
        // The completion without whitespace once, with where each of its positions starts in it: every candidate tail is a slice.
        var stripped = new StringBuilder(completion.Length);
        var strippedStart = new int[completion.Length];
        for (var position = 0; position < completion.Length; position++)
        {
            strippedStart[position] = stripped.Length;
            if (!char.IsWhiteSpace(completion[position]))
                stripped.Append(completion[position]);
        }
        var strippedText = stripped.ToString();
        for (var start = 0; start < completion.Length; start++)
        {
            if (start > 0 && IsWordCharacter(completion[start - 1]) && IsWordCharacter(completion[start]))
                continue;
            var tail = strippedText.AsSpan(strippedStart[start]);
            if (tail.IsEmpty)
                break;
            if (!suffix.AsSpan().StartsWith(tail, StringComparison.Ordinal) || EndsMidWord(tail, suffix))
                continue;
            var kept = completion[..start].TrimEnd();
            if (HasLetterOrDigit(tail) || BracketScanner.IsBalanced(kept))
                return kept;
        }
        return completion;
    }

    private static bool HasLetterOrDigit(ReadOnlySpan<char> text)
    {
        foreach (var character in text)
        {
            if (char.IsLetterOrDigit(character))
                return true;
        }
        return false;
    }

    private static bool EndsMidWord(ReadOnlySpan<char> tail, string suffix) =>
        IsWordCharacter(tail[^1]) && suffix.Length > tail.Length && IsWordCharacter(suffix[tail.Length]);

    private static bool IsWordCharacter(char character) => char.IsLetterOrDigit(character) || character == '_';
}
