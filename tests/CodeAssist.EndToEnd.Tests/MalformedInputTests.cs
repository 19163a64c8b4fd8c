using System.Text;
using System.Text.Json.Nodes;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>Bad bytes from the client are reported and skipped; the server keeps answering.</summary>
public sealed class MalformedInputTests
{
    private static async Task<LspTestClient> StartAsync()
    {
        var client = new LspTestClient();
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open("file:///m.cs", "class M {}"));
        return client;
    }

    private static async Task AssertStillServingAsync(LspTestClient client)
    {
        var state = await client.RequestAsync("codeassist/documentState", TextDocuments.Identifier("file:///m.cs"));
        Assert.Equal(TextDocuments.Sha256("class M {}"), (string)state["result"]!["sha256"]!);
    }

    [Fact]
    public async Task Invalid_json_body_is_reported_and_later_requests_are_answered()
    {
        await using var client = await StartAsync();
        await client.SendBodyAsync("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":"u8.ToArray());
        var report = await client.WaitForNotificationAsync("window/logMessage", n => ((string)n["params"]!["message"]!).Contains("not valid JSON"));
        Assert.Equal(1, (int)report["params"]!["type"]!);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task A_header_without_content_length_is_skipped()
    {
        await using var client = await StartAsync();
        await client.SendRawAsync("Content-Type: application/json\r\n\r\n{}"u8.ToArray());
        await client.WaitForNotificationAsync("window/logMessage", n => ((string)n["params"]!["message"]!).Contains("no Content-Length"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Garbage_bytes_and_a_non_numeric_length_are_skipped()
    {
        await using var client = await StartAsync();
        await client.SendRawAsync(Encoding.ASCII.GetBytes("garbage garbage\r\n\r\nContent-Length: twelve\r\n\r\n"));
        await client.WaitForNotificationAsync("window/logMessage", n => ((string)n["params"]!["message"]!).Contains("not a non-negative number"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task A_json_array_or_a_message_without_method_is_refused()
    {
        await using var client = await StartAsync();
        await client.SendBodyAsync("[1,2,3]"u8.ToArray());
        await client.SendBodyAsync("{\"jsonrpc\":\"2.0\",\"params\":{}}"u8.ToArray());
        await client.WaitForNotificationAsync("window/logMessage", n => ((string)n["params"]!["message"]!).Contains("not a JSON-RPC object"));
        await client.WaitForNotificationAsync("window/logMessage", n => ((string)n["params"]!["message"]!).Contains("neither a request"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Unknown_methods_get_MethodNotFound_and_a_bad_method_field_gets_an_error_for_its_id()
    {
        await using var client = await StartAsync();
        var response = await client.RequestAsync("codeassist/placeholder", null);
        Assert.Equal(-32601, (int)response["error"]!["code"]!);

        var answer = client.ExpectResponse(5000);
        await client.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 5000, ["method"] = 42 });
        var error = (await answer)["error"]!;
        Assert.Equal(-32600, (int)error["code"]!);
        Assert.Contains("\"method\" is not a string", (string)error["message"]!);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Params_of_the_wrong_shape_get_InvalidParams_and_no_stack_trace()
    {
        await using var client = await StartAsync();
        var response = await client.RequestAsync("textDocument/completion", new JsonObject { ["textDocument"] = 5 });
        var error = response["error"]!;
        Assert.Equal(-32602, (int)error["code"]!);
        Assert.DoesNotContain("   at ", error.ToJsonString());
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Requests_for_unknown_documents_and_out_of_range_positions_get_clear_errors()
    {
        await using var client = await StartAsync();
        var unknown = await client.RequestAsync("textDocument/completion", TextDocuments.At("file:///nope.cs", 0, 0));
        Assert.Contains("not open", (string)unknown["error"]!["message"]!);
        var outOfRange = await client.RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = "file:///m.cs" },
            ["position"] = TextDocuments.Position(40, 0),
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        });
        Assert.Equal(-32602, (int)outOfRange["error"]!["code"]!);
        Assert.Contains("out of range", (string)outOfRange["error"]!["message"]!);
        await AssertStillServingAsync(client);
    }
}
