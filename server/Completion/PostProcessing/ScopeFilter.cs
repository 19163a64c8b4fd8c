namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>Ends a multi-line completion before its first line indented less than the cursor's line: that line belongs to an enclosing block.</summary>
public sealed class ScopeFilter : ICompletionFilter
{
    public FilterCut Cut => FilterCut.ForGood;

    public string? Apply(string completion, CompletionContext context)
    {
        var lines = completion.Split('\n');
        var blockIndentation = context.LineIndentation;
        for (var index = 1; index < lines.Length; index++)
        {
            if (!string.IsNullOrWhiteSpace(lines[index]) && context.Indentation.Columns(lines[index]) < blockIndentation)
                return string.Join('\n', lines[..index]).TrimEnd();
        }
        return completion;
    }
}
