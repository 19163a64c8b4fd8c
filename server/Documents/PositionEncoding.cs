using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Documents;

/// <summary>The unit of <see cref="Position.Character"/> agreed with the client at initialize.</summary>
public enum PositionEncoding
{
    Utf16,
    Utf8,
    Utf32,
}

public static class PositionEncodings
{
    /// <summary>LSP 3.17: the server picks from the client's list; utf-16 when the client offers none.</summary>
    public static PositionEncoding Negotiate(IReadOnlyList<string>? offered)
    {
        if (offered is null || offered.Count == 0)
            return PositionEncoding.Utf16;
        // Our text is UTF-16 in memory, so utf-16 costs nothing; otherwise take the client's first preference we know.
        if (offered.Contains(PositionEncodingKind.Utf16))
            return PositionEncoding.Utf16;
        foreach (var kind in offered)
        {
            if (kind == PositionEncodingKind.Utf8) return PositionEncoding.Utf8;
            if (kind == PositionEncodingKind.Utf32) return PositionEncoding.Utf32;
        }
        return PositionEncoding.Utf16;
    }

    public static string ToKind(this PositionEncoding encoding) => encoding switch
    {
        PositionEncoding.Utf8 => PositionEncodingKind.Utf8,
        PositionEncoding.Utf32 => PositionEncodingKind.Utf32,
        _ => PositionEncodingKind.Utf16,
    };
}
