using System.Text.Json;
using CodeAssist.Server.Protocol;
using StreamJsonRpc;

namespace CodeAssist.Server.Lsp.Transport;

/// <summary>What to do with one message body before StreamJsonRpc sees it.</summary>
public abstract record Screening
{
    /// <summary>A well-formed JSON-RPC message: hand it on.</summary>
    public sealed record Forward : Screening;

    /// <summary>Malformed and unanswerable (a notification or a response): log it and go on.</summary>
    public sealed record Drop(string Reason) : Screening;

    /// <summary>Malformed and answerable: an error response with this id (the null id when it cannot be read).</summary>
    public sealed record Refuse(string Reason, RequestId Id, int Code) : Screening;
}

/// <summary>
/// Checks a message body against JSON-RPC 2.0 as LSP uses it, so that nothing StreamJsonRpc cannot take reaches it:
/// it closes the connection on a malformed id, a malformed error object, or a method name it cannot read. Pure: the
/// same bytes always get the same answer.
/// </summary>
public static class MessageScreen
{
    public static Screening Check(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new Screening.Refuse($"the body is not valid JSON ({e.Message})", RequestId.Null, ErrorCodes.ParseError);
        }
        using (document)
            return Check(document.RootElement);
    }

    private static Screening Check(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return new Screening.Refuse($"the body is a JSON {root.ValueKind}, not a JSON-RPC object", RequestId.Null, ErrorCodes.InvalidRequest);
        var hasId = root.TryGetProperty("id", out var idElement);
        var id = hasId ? ReadId(idElement) : null;
        return root.TryGetProperty("method", out var method) ? CheckCall(root, method, hasId, id) : CheckResponse(root, hasId, id);
    }

    private static Screening CheckCall(JsonElement root, JsonElement method, bool hasId, RequestId? id)
    {
        // A notification is never answered; a request whose id cannot be read is answered with the null id.
        Screening Refuse(string reason, int code = ErrorCodes.InvalidRequest) =>
            hasId ? new Screening.Refuse(reason, id ?? RequestId.Null, code) : new Screening.Drop(reason);

        if (method.ValueKind != JsonValueKind.String)
            return Refuse("\"method\" is not a string");
        if (!IsReadableString(method))
            return Refuse("the method name is not valid UTF-16 (a lone surrogate)");
        if (hasId && id is null)
            return Refuse("the request id must be a string or an integer that fits 64 bits, not null or any other JSON value");
        if (root.TryGetProperty("jsonrpc", out var version) && !(version.ValueKind == JsonValueKind.String && version.ValueEquals("2.0")))
            return Refuse("\"jsonrpc\" must be \"2.0\"");
        if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return Refuse($"\"params\" must be an object (LSP methods take named params), not a JSON {parameters.ValueKind}", ErrorCodes.InvalidParams);
        return new Screening.Forward();
    }

    private static Screening CheckResponse(JsonElement root, bool hasId, RequestId? id)
    {
        var hasResult = root.TryGetProperty("result", out _);
        var hasError = root.TryGetProperty("error", out var error);
        if (!hasResult && !hasError)
            return new Screening.Drop("neither a request, a notification nor a response");
        if (id is not { } readable)
            return new Screening.Drop("a response without a string or integer id");
        if (hasResult && hasError)
            return new Screening.Drop($"the response to {readable} has both \"result\" and \"error\"");
        if (hasError && !IsErrorObject(error))
            return new Screening.Drop($"the error response to {readable} has no object with an integer \"code\" and a string \"message\"");
        return new Screening.Forward();
    }

    /// <summary>The id as StreamJsonRpc can hold it; null when it is null, of another type, a fraction, too large, or unreadable.</summary>
    private static RequestId? ReadId(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String when IsReadableString(id) => new RequestId(id.GetString()),
        JsonValueKind.Number when IsInteger(id) && id.TryGetInt64(out var number) => new RequestId(number),
        _ => null,
    };

    private static bool IsInteger(JsonElement number) => number.GetRawText().AsSpan().IndexOfAny(".eE") < 0;

    private static bool IsReadableString(JsonElement text)
    {
        try
        {
            _ = text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsErrorObject(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && IsInteger(code) && code.TryGetInt32(out _)
        && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && IsReadableString(message);
}
