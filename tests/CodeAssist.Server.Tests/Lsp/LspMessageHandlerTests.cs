using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Lsp.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace CodeAssist.Server.Tests.Lsp;

/// <summary>The checks that need the conversation: stray responses, duplicate ids in flight, requests sent as notifications.</summary>
public sealed class LspMessageHandlerTests : IDisposable
{
    private readonly Pipe _fromClient = new();
    private readonly Pipe _toClient = new();
    private readonly LspMessageHandler _handler;

    public LspMessageHandlerTests()
    {
        _handler = new LspMessageHandler(_toClient.Writer, _fromClient.Reader,
            new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options }, NullLogger<LspMessageHandler>.Instance)
        {
            IsRequestMethod = method => method == "shutdown",
        };
    }

    public void Dispose() => _handler.DisposeAsync().GetAwaiter().GetResult();

    private async Task SendAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await _fromClient.Writer.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {bytes.Length}\r\n\r\n"));
        await _fromClient.Writer.WriteAsync(bytes);
    }

    /// <summary>Reads the next message passed on, as JsonRpc does: done with its bytes once it has looked at it.</summary>
    private async Task<JsonRpcMessage> ReadAsync()
    {
        var message = (await _handler.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)))!;
        ((IJsonRpcMessageBufferManager)_handler).DeserializationComplete(message);
        return message;
    }

    private async Task<JsonElement> ReadAnswerAsync()
    {
        var result = await _toClient.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var text = Encoding.UTF8.GetString(result.Buffer);
        _toClient.Reader.AdvanceTo(result.Buffer.End);
        return JsonDocument.Parse(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement.Clone();
    }

    [Fact]
    public async Task A_response_to_nothing_the_server_asked_is_dropped_and_reading_goes_on()
    {
        await SendAsync("""{"jsonrpc":"2.0","id":77,"result":null}""");
        await SendAsync("""{"jsonrpc":"2.0","id":78,"error":{"code":-32601,"message":"late"}}""");
        await SendAsync("""{"jsonrpc":"2.0","method":"next"}""");
        Assert.Equal("next", Assert.IsAssignableFrom<JsonRpcRequest>(await ReadAsync()).Method);
    }

    [Fact]
    public async Task The_answer_to_a_server_request_is_passed_on_once()
    {
        await _handler.WriteAsync(new JsonRpcRequest { RequestId = new RequestId(5), Method = "workspace/configuration" }, CancellationToken.None);
        await SendAsync("""{"jsonrpc":"2.0","id":5,"result":[{}]}""");
        await SendAsync("""{"jsonrpc":"2.0","id":5,"result":[{}]}"""); // a duplicate answer, e.g. after a client restart
        await SendAsync("""{"jsonrpc":"2.0","method":"next"}""");

        Assert.Equal(5, Assert.IsAssignableFrom<JsonRpcResult>(await ReadAsync()).RequestId.Number);
        Assert.Equal("next", Assert.IsAssignableFrom<JsonRpcRequest>(await ReadAsync()).Method);
    }

    [Fact]
    public async Task A_second_request_with_an_id_in_flight_gets_one_error_and_the_first_keeps_its_answer()
    {
        await SendAsync("""{"jsonrpc":"2.0","id":3,"method":"slow"}""");
        await SendAsync("""{"jsonrpc":"2.0","id":3,"method":"again"}""");
        await SendAsync("""{"jsonrpc":"2.0","method":"next"}""");

        Assert.Equal("slow", Assert.IsAssignableFrom<JsonRpcRequest>(await ReadAsync()).Method);
        Assert.Equal("next", Assert.IsAssignableFrom<JsonRpcRequest>(await ReadAsync()).Method);
        var refusal = await ReadAnswerAsync();
        Assert.Equal(3, refusal.GetProperty("id").GetInt32());
        Assert.Equal(-32600, refusal.GetProperty("error").GetProperty("code").GetInt32());

        // Once the first is answered, the id is free again.
        await _handler.WriteAsync(new JsonRpcResult { RequestId = new RequestId(3), Result = null }, CancellationToken.None);
        await ReadAnswerAsync();
        await SendAsync("""{"jsonrpc":"2.0","id":3,"method":"reused"}""");
        Assert.Equal("reused", Assert.IsAssignableFrom<JsonRpcRequest>(await ReadAsync()).Method);
    }

    [Fact]
    public async Task A_request_method_sent_as_a_notification_is_ignored()
    {
        await SendAsync("""{"jsonrpc":"2.0","method":"shutdown"}""");
        await SendAsync("""{"jsonrpc":"2.0","id":1,"method":"shutdown"}""");
        Assert.Equal(1, Assert.IsAssignableFrom<JsonRpcRequest>(await ReadAsync()).RequestId.Number);
    }
}
