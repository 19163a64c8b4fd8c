using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Lsp.Transport;

/// <summary>
/// Reads the client's byte stream with LSP base-protocol framing and forwards only well-formed JSON-RPC messages
/// to StreamJsonRpc, which would otherwise drop the connection on the first bad header or body. What cannot be
/// forwarded becomes a <see cref="InvalidMessageNotification.Method"/> notification so the server can log it and,
/// when the bad message had an id, answer that id with an error.
/// </summary>
public sealed class MessageSanitizer(Stream input, PipeWriter output, ILogger<MessageSanitizer> logger)
{
    /// <summary>Bodies above this are refused; a 10 MB source file is about 10 MB of JSON.</summary>
    public const int MaxContentLength = 256 * 1024 * 1024;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLengthName = "Content-Length:"u8.ToArray();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryReadMessage(ref buffer, out var body, out var bodyLength))
                {
                    if (body is not null)
                        await ForwardAsync(body, bodyLength, cancellationToken);
                }
                await FlushReportsAsync(cancellationToken);
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                    break;
            }
        }
        finally
        {
            await reader.CompleteAsync();
            await output.CompleteAsync();
        }
    }

    /// <summary>
    /// Takes one framed message from the buffer. Returns false when more bytes are needed. A message that was
    /// consumed but is unusable yields a null body (already reported).
    /// </summary>
    private bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out byte[]? body, out int bodyLength)
    {
        body = null;
        bodyLength = 0;
        var sequenceReader = new SequenceReader<byte>(buffer);
        if (!sequenceReader.TryReadTo(out ReadOnlySequence<byte> headerBytes, HeaderEnd))
        {
            if (buffer.Length > 64 * 1024)
            {
                Report("a header block longer than 64 KiB without an empty line; skipped", null);
                buffer = SkipBadHeader(buffer, blockLength: null);
                return true;
            }
            return false;
        }

        var header = Encoding.ASCII.GetString(headerBytes);
        if (!TryParseContentLength(header, out var length, out var problem))
        {
            Report($"bad message header ({problem}): \"{Shorten(header)}\"; skipped to the next Content-Length", null);
            buffer = SkipBadHeader(buffer, sequenceReader.Consumed);
            return true;
        }
        var headerLength = sequenceReader.Consumed;
        if (buffer.Length - headerLength < length)
            return false;

        var content = buffer.Slice(headerLength, length);
        buffer = buffer.Slice(headerLength + length);
        var bytes = content.ToArray();
        if (Validate(bytes))
        {
            body = bytes;
            bodyLength = bytes.Length;
        }
        return true;
    }

    private static bool TryParseContentLength(string header, out int length, out string problem)
    {
        length = -1;
        problem = "no Content-Length";
        foreach (var line in header.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                problem = "a header line without a name";
                return false;
            }
            if (!line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!int.TryParse(line[(colon + 1)..].Trim(), out length) || length < 0)
            {
                problem = "Content-Length is not a non-negative number";
                return false;
            }
            if (length > MaxContentLength)
            {
                problem = $"Content-Length {length} is over the limit of {MaxContentLength} bytes";
                return false;
            }
            problem = "";
        }
        return length >= 0;
    }

    /// <summary>
    /// Resynchronises after a bad header: at the next "Content-Length:" if one is buffered, else after the bad block
    /// (or, with no complete block yet, keeping only a tail that may hold the start of a split "Content-Length:").
    /// </summary>
    private static ReadOnlySequence<byte> SkipBadHeader(ReadOnlySequence<byte> buffer, long? blockLength)
    {
        var rest = buffer.Slice(1);
        var reader = new SequenceReader<byte>(rest);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, ContentLengthName, advancePastDelimiter: false))
            return rest.Slice(reader.Position);
        if (blockLength is { } length)
            return buffer.Slice(length);
        return rest.Slice(rest.Length - Math.Min(rest.Length, ContentLengthName.Length - 1));
    }

    /// <summary>A JSON-RPC message is a JSON object with a method (request or notification) or an id (response).</summary>
    private bool Validate(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            Report($"the body is not valid JSON ({e.Message})", null);
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Report($"the body is a JSON {root.ValueKind}, not a JSON-RPC object", null);
                return false;
            }
            var hasId = root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String;
            var hasMethod = root.TryGetProperty("method", out var method);
            if (hasMethod && method.ValueKind != JsonValueKind.String)
            {
                Report("\"method\" is not a string", hasId ? id.Clone() : null);
                return false;
            }
            if (hasMethod && root.TryGetProperty("params", out var parameters)
                && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
            {
                Report("\"params\" must be an object or an array", hasId ? id.Clone() : null);
                return false;
            }
            if (!hasMethod && !(hasId && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _))))
            {
                Report("neither a request, a notification nor a response", hasId ? id.Clone() : null);
                return false;
            }
            return true;
        }
    }

    private readonly List<(string Reason, JsonElement? Id)> _pending = [];

    private void Report(string reason, JsonElement? id)
    {
        logger.LogError("Malformed message from the client: {Reason}", reason);
        _pending.Add((reason, id));
    }

    private async Task ForwardAsync(byte[] body, int length, CancellationToken cancellationToken)
    {
        await FlushReportsAsync(cancellationToken);
        await WriteFrameAsync(body.AsMemory(0, length), cancellationToken);
    }

    private async Task FlushReportsAsync(CancellationToken cancellationToken)
    {
        foreach (var (reason, id) in _pending)
        {
            var message = InvalidMessageNotification.Frame(reason, id);
            await WriteFrameAsync(message, cancellationToken);
        }
        _pending.Clear();
    }

    private async Task WriteFrameAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        output.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        output.Write(body.Span);
        await output.FlushAsync(cancellationToken);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

/// <summary>
/// What the sanitizer sends in place of a message it could not forward: a request carrying the bad message's id
/// when it had one (so the client gets an error answer for it), a notification otherwise.
/// </summary>
public static class InvalidMessageNotification
{
    public const string Method = "codeassist/invalidMessage";

    public sealed record Params(string Reason);

    public static byte[] Frame(string reason, JsonElement? id) =>
        id is { } requestId
            ? JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = requestId, method = Method, @params = new Params(reason) }, LspJson.Options)
            : JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", method = Method, @params = new Params(reason) }, LspJson.Options);
}
