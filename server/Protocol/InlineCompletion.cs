namespace CodeAssist.Server.Protocol;

public static class InlineCompletionTriggerKind
{
    public const int Invoked = 1;
    public const int Automatic = 2;
}

public sealed record SelectedCompletionInfo(Range Range, string Text);

public sealed record InlineCompletionContext(int TriggerKind, SelectedCompletionInfo? SelectedCompletionInfo = null);

public sealed record InlineCompletionParams(TextDocumentIdentifier TextDocument, Position Position, InlineCompletionContext Context);

public sealed record InlineCompletionItem(string InsertText, Range? Range = null, Command? Command = null, string? FilterText = null);

public sealed record InlineCompletionList(InlineCompletionItem[] Items);
