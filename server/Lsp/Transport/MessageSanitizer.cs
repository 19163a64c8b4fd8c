using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace CodeAssist.Server.Lsp.Transport;

/// <summary>
/// Reads the client's byte stream with LSP base-protocol framing and forwards only well-formed JSON-RPC messages
/// (<see cref="MessageScreen"/>) to StreamJsonRpc, which would otherwise drop the connection on the first bad header,
/// body, id or error object. What cannot be forwarded goes to <paramref name="malformed"/>, which logs it and answers
/// it when JSON-RPC says to.
/// </summary>
public sealed class MessageSanitizer(Stream input, PipeWriter output, IMalformedMessages malformed)
{
    /// <summary>Bodies above this are refused; a 10 MB source file is about 10 MB of JSON.</summary>
    public const int MaxContentLength = 256 * 1024 * 1024;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLengthName = "content-length"u8.ToArray();
    private readonly List<Screening> _pending = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryReadMessage(ref buffer, out var body))
                {
                    if (body is not null)
                        await WriteFrameAsync(body, cancellationToken);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                await ReportPendingAsync(cancellationToken);
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
    private bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out byte[]? body)
    {
        body = null;
        var sequenceReader = new SequenceReader<byte>(buffer);
        if (!sequenceReader.TryReadTo(out ReadOnlySequence<byte> headerBytes, HeaderEnd))
        {
            if (buffer.Length > 64 * 1024)
            {
                _pending.Add(new Screening.Drop("a header block longer than 64 KiB without an empty line; skipped"));
                buffer = SkipBadHeader(buffer, blockLength: null);
                return true;
            }
            return false;
        }

        var header = Encoding.ASCII.GetString(headerBytes);
        if (!TryParseContentLength(header, out var length, out var problem))
        {
            _pending.Add(new Screening.Drop($"bad message header ({problem}): \"{Shorten(header)}\"; skipped to the next Content-Length"));
            buffer = SkipBadHeader(buffer, sequenceReader.Consumed);
            return true;
        }
        var headerLength = sequenceReader.Consumed;
        if (buffer.Length - headerLength < length)
            return false;

        var content = buffer.Slice(headerLength, length);
        buffer = buffer.Slice(headerLength + length);
        var bytes = content.ToArray();
        var screening = MessageScreen.Check(bytes);
        if (screening is Screening.Forward)
            body = bytes;
        else
            _pending.Add(screening);
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
    /// Resynchronises after a bad header: at the next "Content-Length:" (in any case) if one is buffered, else after the
    /// bad block (or, with no complete block yet, keeping only a tail that may hold the start of a split "Content-Length:").
    /// </summary>
    private static ReadOnlySequence<byte> SkipBadHeader(ReadOnlySequence<byte> buffer, long? blockLength)
    {
        var rest = buffer.Slice(1);
        var next = IndexOfIgnoringCase(rest.ToArray(), ContentLengthName);
        if (next >= 0)
            return rest.Slice(next);
        if (blockLength is { } length)
            return buffer.Slice(length);
        return rest.Slice(rest.Length - Math.Min(rest.Length, ContentLengthName.Length - 1));
    }

    private static int IndexOfIgnoringCase(byte[] haystack, byte[] lowerCaseNeedle)
    {
        for (var start = 0; start + lowerCaseNeedle.Length <= haystack.Length; start++)
        {
            var matched = 0;
            while (matched < lowerCaseNeedle.Length && (byte)char.ToLowerInvariant((char)haystack[start + matched]) == lowerCaseNeedle[matched])
                matched++;
            if (matched == lowerCaseNeedle.Length)
                return start;
        }
        return -1;
    }

    /// <summary>Reports what the last read skipped, after the messages before it were forwarded.</summary>
    private async Task ReportPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var screening in _pending)
            await malformed.ReportAsync(screening, cancellationToken);
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

/// <summary>Where the sanitizer sends what it could not forward: logged, shown in the client's log, answered when answerable.</summary>
public interface IMalformedMessages
{
    ValueTask ReportAsync(Screening screening, CancellationToken cancellationToken);
}
