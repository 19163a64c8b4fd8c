namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>The document around the cursor a completion is inserted at.</summary>
public sealed record CompletionContext(string Prefix, string Suffix, IndentationStyle Indentation)
{
    /// <summary>Characters that only close what is already open; a cursor followed by nothing else is at the end of its line.</summary>
    private const string ClosingPunctuation = ")]}>;,\"'";

    /// <summary>The document's indentation style detected from the text around the cursor.</summary>
    public static CompletionContext Around(string prefix, string suffix) =>
        new(prefix, suffix, IndentationStyle.Detect(prefix + suffix));

    public string LinePrefix => Prefix[(Prefix.LastIndexOf('\n') + 1)..];

    public string LineSuffix => Suffix.IndexOf('\n') is var end and >= 0 ? Suffix[..end] : Suffix;

    /// <summary>Text after the cursor on its line that is more than closing punctuation.</summary>
    public bool CursorMidLine => LineSuffix.Any(character => !char.IsWhiteSpace(character) && !ClosingPunctuation.Contains(character));

    /// <summary>The indentation column of the cursor's line.</summary>
    public int LineIndentation => Indentation.Columns(LinePrefix);
}
