namespace CodeAssist.Server.Protocol;

public static class CompletionTriggerKind
{
    public const int Invoked = 1;
    public const int TriggerCharacter = 2;
    public const int TriggerForIncompleteCompletions = 3;
}

public static class CompletionItemKind
{
    public const int Text = 1;
    public const int Snippet = 15;
}

public static class InsertTextFormat
{
    public const int PlainText = 1;
}

public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter = null);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context = null);

public sealed record CompletionItem
{
    public required string Label { get; init; }
    public int? Kind { get; init; }
    public string? Detail { get; init; }
    public string? FilterText { get; init; }
    public string? SortText { get; init; }
    public bool? Preselect { get; init; }
    public int? InsertTextFormat { get; init; }
    public TextEdit? TextEdit { get; init; }
    public Command? Command { get; init; }
}

public sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);
