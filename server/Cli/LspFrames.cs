using System.Text;

namespace CodeAssist.Server.Cli;

/// <summary>
/// LSP's base protocol as a client sees it: a <c>Content-Length</c> header, a blank line, a UTF-8 JSON body. Read
/// strictly, so a server that writes anything else to its stdout (a stray log line) fails the reader at once.
/// </summary>
public static class LspFrames
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    public static byte[] Frame(byte[] body) => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];

    /// <summary>The next message's body; null at the end of the stream.</summary>
    public static async Task<byte[]?> ReadBodyAsync(Stream stream)
    {
        var header = new List<byte>(64);
        var one = new byte[1];
        while (!EndsWithHeaderEnd(header))
        {
            if (await stream.ReadAsync(one) == 0)
                return null;
            header.Add(one[0]);
        }
        var lengthLine = Encoding.ASCII.GetString([.. header]).Split("\r\n")
            .Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body);
        return body;
    }

    private static bool EndsWithHeaderEnd(List<byte> header) =>
        header.Count >= HeaderEnd.Length && header[^4] == HeaderEnd[0] && header[^3] == HeaderEnd[1] && header[^2] == HeaderEnd[2] && header[^1] == HeaderEnd[3];
}
