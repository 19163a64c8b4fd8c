namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>
/// Asks <see cref="CompletionPostProcessor.IsComplete"/> while the model streams text, but only after a piece that can
/// complete it: a line break, a closing bracket, or the first character of a line (which settles its indentation).
/// </summary>
public sealed class StreamingCompletionCheck(CompletionPostProcessor processor, CompletionContext context)
{
    private const string Settling = "\n" + BracketScanner.Closers;

    private int _checkedLength;

    public bool IsComplete(string text)
    {
        var lineStart = text.LastIndexOf('\n') + 1;
        var lineContent = text.AsSpan(lineStart).IndexOfAnyExcept(" \t\r");
        var mayComplete = text.AsSpan(_checkedLength).IndexOfAny(Settling) >= 0 || (lineContent >= 0 && lineStart + lineContent >= _checkedLength);
        _checkedLength = text.Length;
        return mayComplete && processor.IsComplete(text, context);
    }
}
