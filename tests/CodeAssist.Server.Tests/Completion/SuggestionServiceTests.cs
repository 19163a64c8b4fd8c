using System.Text.Json.Nodes;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Telemetry.Events;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Completion;

/// <summary>
/// What an inline completion request gets without a model: protocol errors for a bad document or position, nothing to
/// show, and the rest of a shown suggestion once the user types its start.
/// </summary>
public sealed class SuggestionServiceTests : IAsyncLifetime
{
    private const string Uri = "file:///work/Calculator.cs";
    private const string Source = "public class Calculator\n{\n    public int Add(int a, int b) => \n}\n";
    private readonly InProcessServer _server = InProcessServer.Start(testSeams: true);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Source));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<JsonObject> CompleteAsync(int line, int character, string uri = Uri) =>
        _server.RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = TextDocuments.Position(line, character),
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        });

    [Fact]
    public async Task With_no_model_configured_there_is_no_suggestion_and_nothing_is_recorded_as_shown()
    {
        var response = await CompleteAsync(2, 35);

        Assert.Null(response["error"]);
        Assert.Empty(response["result"]!["items"]!.AsArray());
        Assert.Empty(await _server.EventsAsync(EventKinds.SuggestionShown));
    }

    [Fact]
    public async Task A_document_out_of_sync_gets_ContentModified_until_a_full_change_resynchronises_it()
    {
        // A stale version: the server cannot know what the editor has, so the document is out of sync.
        await _server.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 1, TextDocuments.Edit(0, 0, 0, 0, "// ")));

        Assert.Equal(-32801, (int)(await CompleteAsync(2, 35))["error"]!["code"]!);

        await _server.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 2, TextDocuments.FullText(Source)));
        Assert.Null((await CompleteAsync(2, 35))["error"]);
    }

    [Theory]
    [InlineData(40, 0)]
    [InlineData(0, -3)]
    [InlineData(-1, 0)]
    public async Task A_position_outside_the_document_gets_InvalidParams(int line, int character)
    {
        var response = await CompleteAsync(line, character);

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
    }

    [Fact]
    public async Task A_document_that_is_not_open_gets_InvalidParams()
    {
        var response = await CompleteAsync(0, 0, "file:///work/Closed.cs");

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
    }

    [Fact]
    public async Task Typing_the_start_of_a_shown_suggestion_serves_the_rest_as_a_typed_ahead_suggestion()
    {
        const int EndOfLine = 36;
        await _server.RequestAsync("codeassist/test/injectCompletion", new JsonObject { ["text"] = "a + b;" });
        var shown = await CompleteAsync(2, EndOfLine);
        Assert.Equal("a + b;", (string?)shown["result"]!["items"]![0]!["insertText"]);

        await _server.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 2, TextDocuments.Edit(2, EndOfLine, 2, EndOfLine, "a +")));
        var rest = await CompleteAsync(2, EndOfLine + 3);

        Assert.Equal(" b;", (string?)rest["result"]!["items"]![0]!["insertText"]);
        Assert.Equal([false, true], (await _server.EventsAsync(EventKinds.SuggestionShown)).Select(e => e.TypedAheadHit));
    }
}
