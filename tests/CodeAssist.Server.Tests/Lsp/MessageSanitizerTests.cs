using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CodeAssist.Server.Lsp.Transport;

namespace CodeAssist.Server.Tests.Lsp;

public sealed class MessageSanitizerTests
{
    private readonly Reports _reports = new();

    private sealed class Reports : IMalformedMessages
    {
        public List<Screening> All { get; } = [];

        public ValueTask ReportAsync(Screening screening, CancellationToken cancellationToken)
        {
            All.Add(screening);
            return ValueTask.CompletedTask;
        }
    }

    private string Reason(int index) => _reports.All[index] switch
    {
        Screening.Drop drop => drop.Reason,
        Screening.Refuse refuse => refuse.Reason,
        var other => other.ToString(),
    };

    private async Task<List<JsonElement>> SanitizeAsync(string input)
    {
        var pipe = new Pipe();
        var sanitizer = new MessageSanitizer(new MemoryStream(Encoding.UTF8.GetBytes(input)), pipe.Writer, _reports);
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
    public async Task Bad_json_is_reported_for_a_parse_error_answer_and_the_stream_continues()
    {
        var messages = await SanitizeAsync(Frame("{oops") + Frame("""{"jsonrpc":"2.0","method":"ok"}"""));
        Assert.Equal("ok", messages.Single().GetProperty("method").GetString());
        var refused = Assert.IsType<Screening.Refuse>(Assert.Single(_reports.All));
        Assert.Equal(-32700, refused.Code);
        Assert.True(refused.Id.IsNull);
    }

    [Fact]
    public async Task A_bad_message_with_an_id_is_refused_with_that_id()
    {
        var messages = await SanitizeAsync(Frame("""{"jsonrpc":"2.0","id":"abc","method":5}"""));
        Assert.Empty(messages);
        Assert.Equal("abc", Assert.IsType<Screening.Refuse>(Assert.Single(_reports.All)).Id.String);
    }

    [Theory]
    [InlineData("noise\r\n\r\n")]
    [InlineData("Content-Type: x\r\ngarbage\r\n\r\n")]
    public async Task Garbage_before_a_header_is_skipped_up_to_the_next_content_length(string garbage)
    {
        var messages = await SanitizeAsync(garbage + Frame("""{"jsonrpc":"2.0","method":"after"}"""));
        Assert.Contains("bad message header", Reason(0));
        Assert.Equal("after", messages.Single().GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("content-length: {0}\r\n\r\n")]
    [InlineData("CONTENT-LENGTH:{0}\r\n\r\n")]
    [InlineData("Content-Length :  {0} \r\n\r\n")]
    [InlineData("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: {0}\r\n\r\n")]
    public async Task Header_names_are_case_insensitive_and_whitespace_around_the_colon_is_tolerated(string header)
    {
        const string body = """{"jsonrpc":"2.0","method":"m"}""";
        var messages = await SanitizeAsync("x" + Frame(body).Replace("Content-Length", "content-length", StringComparison.Ordinal)
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, header, Encoding.UTF8.GetByteCount(body)) + body);
        Assert.Equal(2, messages.Count); // the first after resynchronising on a lower-case name past the stray "x"
        Assert.All(messages, m => Assert.Equal("m", m.GetProperty("method").GetString()));
    }

    [Fact]
    public async Task Extra_headers_are_allowed_and_a_huge_length_is_refused()
    {
        var ok = await SanitizeAsync("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + Frame("""{"jsonrpc":"2.0","method":"m"}"""));
        Assert.Equal("m", ok.Single().GetProperty("method").GetString());
        Assert.Empty(await SanitizeAsync($"Content-Length: {int.MaxValue}\r\n\r\n"));
        Assert.Contains("over the limit", Reason(0));
    }
}
