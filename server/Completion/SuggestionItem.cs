using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Completion;

/// <summary>
/// The protocol side of the inline and the classic completion handler: the document the request names, in sync, and the
/// cursor's offset go to <see cref="SuggestionService"/>; a superseded request is ServerCancelled; the suggestion comes back
/// as an LSP item that inserts at the cursor and carries the command that records its acceptance.
/// </summary>
public sealed record SuggestionItem(ShownSuggestion Suggestion, Range Range)
{
    public const string AcceptCommand = "codeassist.accept";

    public static async Task<SuggestionItem?> RequestAsync(
        SuggestionService suggestions, DocumentSnapshot documents, string uri, Position position, string triggerKind, CancellationToken cancellationToken)
    {
        var document = documents.GetInSync(uri);
        var offset = documents.OffsetOf(document, position);
        ShownSuggestion? suggestion;
        try
        {
            suggestion = await suggestions.SuggestAsync(document, offset, documents.Sequence, triggerKind, cancellationToken);
        }
        catch (SupersededException e)
        {
            throw new LspException(ErrorCodes.ServerCancelled, e.Message, e);
        }
        if (suggestion is null)
            return null;
        var cursor = document.Lines.ToPosition(suggestion.Offset, documents.Encoding);
        return new SuggestionItem(suggestion, new Range(cursor, cursor));
    }

    private Command AcceptedCommand =>
        new("Accept suggestion", AcceptCommand, [JsonSerializer.SerializeToElement(new { suggestionId = Suggestion.Id })]);

    public InlineCompletionItem ToInlineItem() => new(Suggestion.Text, Range, AcceptedCommand);

    public CompletionItem ToCompletionItem() => new()
    {
        Label = FirstLine(Suggestion.Text),
        Kind = CompletionItemKind.Snippet,
        Detail = $"CodeAssist ({Suggestion.Verdict.ToWireName()})",
        FilterText = Suggestion.Text,
        Preselect = true,
        SortText = "0",
        InsertTextFormat = InsertTextFormat.PlainText,
        TextEdit = new TextEdit(Range, Suggestion.Text),
        Command = AcceptedCommand,
    };

    private static string FirstLine(string text)
    {
        var line = text.TrimStart().Split('\n')[0].TrimEnd('\r');
        return line.Length == 0 ? text.Trim() : line;
    }
}
