using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CodeAssist.Server.Lsp.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeAssist.Server.Tests.Lsp;

public sealed class MessageSanitizerTests
{
    private static async Task<List<JsonElement>> SanitizeAsync(string input)
    {
        var pipe = new Pipe();
        var sanitizer = new MessageSanitizer(new MemoryStream(Encoding.UTF8.GetBytes(input)), pipe.Writer, NullLogger<MessageSanitizer>.Instance);
        await sanitizer.RunAsync(CancellationToken.None);
        var output = new MemoryStream();
        await pipe.Reader.CopyToAsync(output);
        return Parse(Encoding.UTF8.GetString(output.ToArray()));
    }

    private static List<JsonElement> Parse(string framed)
    {
        var messages = new List<JsonElement>();
        while (framed.Length > 0)
        {
            var headerEnd = framed.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var length = int.Parse(framed["Content-Length: ".Length..headerEnd]);
            var body = Encoding.UTF8.GetBytes(framed[(headerEnd + 4)..]);
            messages.Add(JsonDocument.Parse(body.AsMemory(0, length)).RootElement.Clone());
            framed = Encoding.UTF8.GetString(body.AsSpan(length));
        }
        return messages;
    }

    private static string Frame(string body) => $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    [Fact]
    public async Task Valid_messages_pass_through_unchanged()
    {
        var request = """{"jsonrpc":"2.0","id":1,"method":"x","params":{"s":"é😀"}}""";
        var messages = await SanitizeAsync(Frame(request) + Frame("""{"jsonrpc":"2.0","id":7,"result":null}"""));
        Assert.Equal(2, messages.Count);
        Assert.Equal("é😀", messages[0].GetProperty("params").GetProperty("s").GetString());
    }

    [Fact]
    public async Task Bad_json_becomes_an_invalid_message_notification_and_the_stream_continues()
    {
        var messages = await SanitizeAsync(Frame("{oops") + Frame("""{"jsonrpc":"2.0","method":"ok"}"""));
        Assert.Equal(InvalidMessageNotification.Method, messages[0].GetProperty("method").GetString());
        Assert.False(messages[0].TryGetProperty("id", out _));
        Assert.Equal("ok", messages[1].GetProperty("method").GetString());
    }

    [Fact]
    public async Task A_bad_message_with_an_id_becomes_a_request_with_that_id()
    {
        var messages = await SanitizeAsync(Frame("""{"jsonrpc":"2.0","id":"abc","method":5}"""));
        Assert.Equal("abc", messages.Single().GetProperty("id").GetString());
    }

    [Fact]
    public async Task Garbage_before_a_header_is_skipped_up_to_the_next_content_length()
    {
        var messages = await SanitizeAsync("noise\r\n\r\n" + Frame("""{"jsonrpc":"2.0","method":"after"}"""));
        Assert.Equal(InvalidMessageNotification.Method, messages[0].GetProperty("method").GetString());
        Assert.Equal("after", messages[1].GetProperty("method").GetString());
    }

    [Fact]
    public async Task Extra_headers_are_allowed_and_a_huge_length_is_refused()
    {
        var ok = await SanitizeAsync("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + Frame("""{"jsonrpc":"2.0","method":"m"}"""));
        Assert.Equal("m", ok.Single().GetProperty("method").GetString());
        var huge = await SanitizeAsync($"Content-Length: {int.MaxValue}\r\n\r\n");
        Assert.Contains("over the limit", huge.Single().GetProperty("params").GetProperty("reason").GetString());
    }
}
