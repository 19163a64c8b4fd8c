using System.Text.Json;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Completion;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Replay;

/// <summary>What happened at one edit site in one format; <see cref="Requests"/> in the order they were made.</summary>
public sealed record SiteOutcome(string Edit, int Keystrokes, int Shown, int Accepted, int PartialAccepts, int CharsSaved)
{
    public IReadOnlyList<SiteRequest> Requests { get; init; } = [];

    public bool AnyAccepted => Accepted > 0;
}

/// <summary>
/// One completion request at a site: <paramref name="Typed"/> characters of the real text were back in place (typed or
/// accepted), so every format that asked at that point asked about the same document.
/// </summary>
public sealed record SiteRequest(int Typed, bool Accepted);

/// <summary>
/// The simulated developer: for each edit site deletes the text, then types it back one keystroke at a time, asking for
/// an inline completion before each keystroke. A suggestion the real code starts with is accepted (whole or in part,
/// <see cref="AcceptDecision"/>) through the accept command as the VS Code extension runs it; any other is left to be
/// superseded. Each site ends with a save, which makes the server check the accepted code's build, and the later sites
/// of the file are the edits after it whose survival the server follows.
/// </summary>
public sealed class ReplayDeveloper(LspConnection server)
{
    public async Task<IReadOnlyList<SiteOutcome>> PlayAsync(ReplayScript script, CancellationToken cancellationToken)
    {
        var outcomes = new List<SiteOutcome>();
        foreach (var file in script.Files)
        {
            var document = new ReplayDocument(new Uri(Path.Combine(script.Repository, file.RelativePath)).AbsoluteUri, file.Text);
            await server.NotifyAsync("textDocument/didOpen", document.Open());
            foreach (var edit in file.Edits)
                outcomes.Add(await PlaySiteAsync(document, edit, cancellationToken));
            await server.NotifyAsync("textDocument/didClose", new DidCloseTextDocumentParams(document.Identifier));
        }
        return outcomes;
    }

    private async Task<SiteOutcome> PlaySiteAsync(ReplayDocument document, ReplayEdit edit, CancellationToken cancellationToken)
    {
        await server.NotifyAsync("textDocument/didChange", document.Delete(edit.Start, edit.Removed.Length));
        int typed = 0, keystrokes = 0, shown = 0, accepted = 0, partial = 0, saved = 0;
        var requests = new List<SiteRequest>();
        while (typed < edit.Removed.Length)
        {
            var cursor = edit.Start + typed;
            var suggestion = await SuggestAsync(document, cursor, cancellationToken);
            var decision = suggestion is { } offered ? AcceptDecision.Decide(offered.Text, edit.Removed[typed..]) : AcceptDecision.Reject;
            requests.Add(new SiteRequest(typed, decision.Kind != AcceptKind.None));
            shown += suggestion is null ? 0 : 1;
            if (decision.Kind != AcceptKind.None)
            {
                await AcceptAsync(document, cursor, suggestion!.Value, decision, cancellationToken);
                accepted++;
                partial += decision.IsPartial ? 1 : 0;
                saved += decision.Length;
                typed += decision.Length;
                continue;
            }
            var keystroke = edit.Removed.Substring(typed, KeystrokeScript.KeystrokeLength(edit.Removed, typed));
            await server.NotifyAsync("textDocument/didChange", document.Insert(cursor, keystroke));
            typed += keystroke.Length;
            keystrokes++;
        }
        await server.NotifyAsync("textDocument/didSave", new DidSaveTextDocumentParams(document.Identifier));
        return new SiteOutcome(edit.Id, keystrokes, shown, accepted, partial, saved) { Requests = requests };
    }

    private async Task<(string Text, string Id)?> SuggestAsync(ReplayDocument document, int cursor, CancellationToken cancellationToken)
    {
        var list = await server.RequestAsync<InlineCompletionList>("textDocument/inlineCompletion",
            new InlineCompletionParams(document.Identifier, document.PositionOf(cursor), new InlineCompletionContext(InlineCompletionTriggerKind.Automatic)),
            cancellationToken);
        return list.Items is [var item, ..] && item.Command?.Arguments is [var argument, ..]
            ? (item.InsertText, argument.GetProperty("suggestionId").GetString()!)
            : null;
    }

    /// <summary>As the editor does: the text goes into the document first, then the item's command runs.</summary>
    private async Task AcceptAsync(ReplayDocument document, int cursor, (string Text, string Id) suggestion, AcceptDecision decision, CancellationToken cancellationToken)
    {
        await server.NotifyAsync("textDocument/didChange", document.Insert(cursor, suggestion.Text[..decision.Length]));
        var arguments = decision.IsPartial
            ? JsonSerializer.SerializeToElement(new { suggestionId = suggestion.Id, acceptedLength = decision.Length })
            : JsonSerializer.SerializeToElement(new { suggestionId = suggestion.Id });
        await server.RequestAsync<object>("workspace/executeCommand", new ExecuteCommandParams(SuggestionItem.AcceptCommand, [arguments]), cancellationToken);
    }
}
