using System.Text;
using System.Text.Json.Nodes;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Lsp;

/// <summary>The real server in process against messages that used to close its connection: it answers what it must and keeps serving.</summary>
public sealed class HostileClientTests
{
    private const string Uri = "file:///m.cs";

    private static async Task<InProcessServer> StartAsync()
    {
        var server = InProcessServer.Start();
        await server.InitializeAsync();
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, "class M {}"));
        return server;
    }

    private static async Task AssertStillServingAsync(InProcessServer server)
    {
        var state = await server.RequestAsync("codeassist/documentState", TextDocuments.Identifier(Uri), TimeSpan.FromSeconds(20));
        Assert.Equal(TextDocuments.Sha256("class M {}"), (string)state["result"]!["sha256"]!);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":77,"result":null}""")]
    [InlineData("""{"jsonrpc":"2.0","id":77,"error":"boom"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":77,"error":42}""")]
    [InlineData("""{"jsonrpc":"2.0","id":77,"result":1,"error":{"code":1,"message":"m"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":77,"error":{"message":"no code"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":77,"error":null}""")]
    [InlineData("""{"jsonrpc":2,"method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"\ud800"}""")]
    public async Task Stray_and_malformed_responses_and_notifications_leave_the_connection_open(string body)
    {
        await using var server = await StartAsync();
        await server.SendBodyAsync(Encoding.UTF8.GetBytes(body));
        await AssertStillServingAsync(server);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":[1],"method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":true,"method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":9223372036854775808,"method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1e300,"method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"\ud800","method":"x"}""")]
    public async Task A_request_with_an_unreadable_id_is_answered_with_the_null_id(string body)
    {
        await using var server = await StartAsync();
        var answer = server.ExpectResponse(-1); // the null id, as the harness files it
        await server.SendBodyAsync(Encoding.UTF8.GetBytes(body));
        Assert.Equal(-32600, (int)(await answer)["error"]!["code"]!);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Array_params_get_InvalidParams_without_internal_type_names()
    {
        await using var server = await StartAsync();
        var answer = server.ExpectResponse(4100);
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 4100, ["method"] = "textDocument/completion", ["params"] = new JsonArray(1, 2) });
        var error = (await answer)["error"]!;
        Assert.Equal(-32602, (int)error["code"]!);
        Assert.DoesNotContain("`", (string)error["message"]!);
        Assert.DoesNotContain("CodeAssist.", (string)error["message"]!);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Shutdown_sent_as_a_notification_does_not_shut_the_server_down()
    {
        await using var server = await StartAsync();
        await server.NotifyAsync("shutdown", null);
        await AssertStillServingAsync(server);
        Assert.Equal(0, await server.ShutdownAsync());
    }

    [Fact]
    public async Task Lower_case_headers_are_read()
    {
        await using var server = await StartAsync();
        var answer = server.ExpectResponse(4200);
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":4200,"method":"codeassist/documentState","params":{"textDocument":{"uri":"file:///m.cs"}}}""");
        await server.SendRawAsync([.. Encoding.ASCII.GetBytes($"content-length : {body.Length}\r\n\r\n"), .. body]);
        Assert.NotNull((await answer)["result"]);
    }
}
