using System.Text;
using CodeAssist.Server.Lsp.Transport;

namespace CodeAssist.Server.Tests.Lsp;

/// <summary>
/// Golden cases: each message that used to close the connection (issue 12's probe found 16 of 36) gets a decision that
/// keeps the server up, and every well-formed message is passed on untouched.
/// </summary>
public sealed class MessageScreenTests
{
    private static Screening Check(string body) => MessageScreen.Check(Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"a-1","method":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":9223372036854775807,"method":"x","params":null}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"s":"é😀"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":77,"result":null}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"w","error":{"code":-32601,"message":"no","data":[1]}}""")]
    [InlineData("""{"id":1,"method":"x"}""")]
    public void Well_formed_messages_are_forwarded(string body) => Assert.IsType<Screening.Forward>(Check(body));

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"x"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":[1],"method":"x"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":true,"method":"x"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"x"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":9223372036854775808,"method":"x"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":1e300,"method":"x"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":"\ud800","method":"x"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":null,"method":"x"}""", "id")]
    [InlineData("""[1,2]""", "JSON-RPC object")]
    public void A_request_whose_id_cannot_be_read_is_refused_with_the_null_id(string body, string reason)
    {
        var refused = Assert.IsType<Screening.Refuse>(Check(body));
        Assert.True(refused.Id.IsNull);
        Assert.Equal(-32600, refused.Code);
        Assert.Contains(reason, refused.Reason);
    }

    [Fact]
    public void Invalid_json_is_a_parse_error_with_the_null_id()
    {
        var refused = Assert.IsType<Screening.Refuse>(Check("{\"jsonrpc\":\"2.0\",\"id\":1,"));
        Assert.Equal(-32700, refused.Code);
        Assert.True(refused.Id.IsNull);
    }

    [Theory]
    [InlineData("""{"jsonrpc":2,"id":4,"method":"x"}""", -32600, "jsonrpc")]
    [InlineData("""{"jsonrpc":"2.0","id":4,"method":"\udc00x"}""", -32600, "lone surrogate")]
    [InlineData("""{"jsonrpc":"2.0","id":4,"method":42}""", -32600, "not a string")]
    [InlineData("""{"jsonrpc":"2.0","id":4,"method":"x","params":[1,2]}""", -32602, "must be an object")]
    [InlineData("""{"jsonrpc":"2.0","id":4,"method":"x","params":"s"}""", -32602, "must be an object")]
    public void A_bad_request_with_a_readable_id_is_refused_with_that_id(string body, int code, string reason)
    {
        var refused = Assert.IsType<Screening.Refuse>(Check(body));
        Assert.Equal(4, refused.Id.Number);
        Assert.Equal(code, refused.Code);
        Assert.Contains(reason, refused.Reason);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":7,"result":1,"error":{"code":1,"message":"m"}}""", "both")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"error":"boom"}""", "no object")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"error":42}""", "no object")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"error":null}""", "no object")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"error":{"message":"no code"}}""", "no object")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"error":{"code":1.5,"message":"m"}}""", "no object")]
    [InlineData("""{"jsonrpc":"2.0","id":{"x":1},"result":null}""", "without a string or integer id")]
    [InlineData("""{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"m"}}""", "without a string or integer id")]
    [InlineData("""{"jsonrpc":"2.0","params":{}}""", "neither a request")]
    [InlineData("""{"jsonrpc":"2.0","method":"x","params":[1]}""", "must be an object")]
    [InlineData("""{"jsonrpc":"2.0","method":7}""", "not a string")]
    public void Malformed_responses_and_notifications_are_dropped_never_answered(string body, string reason) =>
        Assert.Contains(reason, Assert.IsType<Screening.Drop>(Check(body)).Reason);
}
