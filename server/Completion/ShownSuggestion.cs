using System.Text.Json;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Completion;

/// <summary>A suggestion ready to show: the text replacing <see cref="Range"/>, and what the verifier said of it.</summary>
public sealed record ShownSuggestion(string Id, string Text, Range Range, SuggestionVerdict Verdict)
{
    public const string AcceptCommand = "codeassist.accept";

    private Command AcceptedCommand =>
        new("Accept suggestion", AcceptCommand, [JsonSerializer.SerializeToElement(new { suggestionId = Id })]);

    public InlineCompletionItem ToInlineItem() => new(Text, Range, AcceptedCommand);

    public CompletionItem ToCompletionItem() => new()
    {
        Label = FirstLine(Text),
        Kind = CompletionItemKind.Snippet,
        Detail = $"CodeAssist ({Verdict.ToWireName()})",
        FilterText = Text,
        Preselect = true,
        SortText = "0",
        InsertTextFormat = InsertTextFormat.PlainText,
        TextEdit = new TextEdit(Range, Text),
        Command = AcceptedCommand,
    };

    private static string FirstLine(string text)
    {
        var line = text.TrimStart().Split('\n')[0].TrimEnd('\r');
        return line.Length == 0 ? text.Trim() : line;
    }
}
