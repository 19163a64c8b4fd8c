using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Verification;

/// <summary>
/// The errors after an edit that were not there before it. A "before" error matches an "after" error with the same id
/// whose position is the old one shifted by the edit, so an error caused by an unfinished file (a missing closing brace at
/// the end) still matches after text is typed in front of it. An error anchored right before the edit (only whitespace
/// between) may also move to the end of the inserted text: Roslyn reports a missing token at the end of the token before it.
/// The first <see cref="Limit"/> new errors are enough for a verdict and its description; garbled model output can add
/// hundreds, and matching every one of them against the old ones would cost more than the rest of the check.
/// </summary>
internal static class DiagnosticDelta
{
    public const int Limit = 20;

    public static List<Diagnostic> NewErrors(SourceText textBefore, IEnumerable<Diagnostic> before, IEnumerable<Diagnostic> after, TextChange edit)
    {
        var unmatched = before.Where(IsError).ToList();
        var added = new List<Diagnostic>();
        foreach (var diagnostic in after.Where(IsError))
        {
            var match = unmatched.FindIndex(old => old.Id == diagnostic.Id && ShiftedStarts(textBefore, old.Location.SourceSpan.Start, edit).Contains(diagnostic.Location.SourceSpan.Start));
            if (match >= 0)
                unmatched.RemoveAt(match);
            else if (!added.Any(known => known.Id == diagnostic.Id && known.Location.SourceSpan == diagnostic.Location.SourceSpan))
                added.Add(diagnostic);
            if (added.Count == Limit)
                break;
        }
        return added;
    }

    private static bool IsError(Diagnostic diagnostic) => diagnostic.Severity == DiagnosticSeverity.Error;

    /// <summary>Where an old position can be after the edit; at the edit's boundary it may sit on either side of the new text.</summary>
    private static int[] ShiftedStarts(SourceText textBefore, int position, TextChange edit)
    {
        var span = edit.Span;
        var delta = edit.NewText!.Length - span.Length;
        if (position < span.Start)
        {
            return IsWhitespace(textBefore, position, span.Start)
                ? [position, span.Start + edit.NewText.TrimEnd().Length]
                : [position];
        }
        if (position > span.End)
            return [position + delta];
        return [span.Start, span.Start + edit.NewText.TrimEnd().Length, span.Start + edit.NewText.Length, position + delta];
    }

    private static bool IsWhitespace(SourceText text, int start, int end)
    {
        for (var position = start; position < end; position++)
        {
            if (!char.IsWhiteSpace(text[position]))
                return false;
        }
        return true;
    }
}
