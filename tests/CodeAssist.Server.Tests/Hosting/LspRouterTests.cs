using System.Text.Json.Nodes;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// Every message goes through the router in arrival order: edits apply one after another, a read sees exactly the edits
/// sent before it, and methods the server does not serve are told apart by whether an answer is owed.
/// </summary>
public sealed class LspRouterTests : IAsyncLifetime
{
    private const string Uri = "file:///work/Typing.cs";
    private readonly InProcessServer _server = InProcessServer.Start();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, ""));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Types one character at the end of the one-line document, as version <paramref name="version"/>.</summary>
    private Task TypeAsync(int version) =>
        _server.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, version, TextDocuments.Edit(0, version - 2, 0, version - 2, "x")));

    private Task<(long Id, Task<JsonObject> Response)> StateAsync() =>
        _server.SendRequestAsync("codeassist/documentState", TextDocuments.Identifier(Uri));

    [Fact]
    public async Task Edits_apply_in_arrival_order_and_a_read_sent_after_them_sees_them_all()
    {
        for (var version = 2; version <= 60; version++)
            await TypeAsync(version);
        var (_, response) = await StateAsync();

        var state = (await response)["result"]!;
        Assert.Equal(60, (int)state["version"]!);
        Assert.Equal(TextDocuments.Sha256(new string('x', 59)), (string?)state["sha256"]);
    }

    [Fact]
    public async Task A_read_sees_the_edits_sent_before_it_and_none_sent_after_it()
    {
        await TypeAsync(2);
        await TypeAsync(3);
        var (_, read) = await StateAsync();
        for (var version = 4; version <= 40; version++)
            await TypeAsync(version);
        var (_, last) = await StateAsync();

        Assert.Equal(3, (int)(await read)["result"]!["version"]!);
        Assert.Equal(40, (int)(await last)["result"]!["version"]!);
    }

    [Fact]
    public async Task A_mutating_request_runs_before_a_read_sent_after_it()
    {
        var (_, shutdown) = await _server.SendRequestAsync("shutdown", null);
        var (_, read) = await StateAsync();

        Assert.Null((await shutdown)["error"]);
        Assert.Equal(-32600, (int)(await read)["error"]!["code"]!); // InvalidRequest: only exit after shutdown
    }

    [Fact]
    public async Task An_unknown_request_gets_MethodNotFound_and_an_unknown_notification_is_dropped_without_an_answer()
    {
        await _server.NotifyAsync("codeassist/noSuchNotification", new JsonObject());
        var unknown = await _server.RequestAsync("codeassist/noSuchMethod", new JsonObject());
        await TypeAsync(2);
        var (_, state) = await StateAsync();

        Assert.Equal(-32601, (int)unknown["error"]!["code"]!);
        Assert.Equal(2, (int)(await state)["result"]!["version"]!);
    }

    [Fact]
    public async Task A_request_method_sent_as_a_notification_is_not_served()
    {
        await _server.NotifyAsync("shutdown", null);
        var (_, state) = await StateAsync();

        Assert.Null((await state)["error"]);
        Assert.Contains("shutdown sent as a notification", await _server.LogFileTextAsync("sent as a notification"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Params_of_the_wrong_shape_get_InvalidParams()
    {
        var response = await _server.RequestAsync("codeassist/documentState", new JsonArray(1, 2));

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
    }
}
