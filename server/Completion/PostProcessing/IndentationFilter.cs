namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>
/// Re-indents the completion's lines in the document's style: tabs or spaces, and the document's level width when the
/// completion shows its own (the step after a line ending in <c>{</c>), e.g. a 2-space completion in a 4-space file.
/// </summary>
public sealed class IndentationFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.None;

    public string? Apply(string completion, CompletionContext context)
    {
        var lines = completion.Split('\n');
        if (lines.Length == 1)
            return completion;
        var style = context.Indentation;
        var baseColumns = context.LineIndentation;
        var levelWidth = CompletionLevelWidth(context.LinePrefix + lines[0], lines, style);
        for (var index = 1; index < lines.Length; index++)
        {
            var line = lines[index];
            var body = line.TrimStart(' ', '\t');
            if (body.Length == 0)
            {
                lines[index] = "";
                continue;
            }
            var columns = style.Columns(line);
            var relative = columns - baseColumns;
            if (levelWidth > 0 && relative > 0 && relative % levelWidth == 0)
                columns = baseColumns + relative / levelWidth * style.Width;
            lines[index] = style.Render(columns) + body;
        }
        return string.Join('\n', lines);
    }

    /// <summary>The completion's own indentation step, read after the first line that opens a block; 0 when it shows none.</summary>
    private static int CompletionLevelWidth(string cursorLine, string[] lines, IndentationStyle style)
    {
        var previous = cursorLine;
        foreach (var line in lines.Skip(1).Where(line => !string.IsNullOrWhiteSpace(line)))
        {
            if (previous.TrimEnd().EndsWith('{'))
                return Math.Max(0, style.Columns(line) - style.Columns(previous));
            previous = line;
        }
        return 0;
    }
}
