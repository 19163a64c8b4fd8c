using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeAssist.Server.Protocol;

/// <summary>Zero-based line and character; the character unit is the negotiated position encoding.</summary>
public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextEdit(Range Range, string NewText);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

// The wire name is "command"; C# forbids a member named like its type.
public sealed record Command(string Title, [property: JsonPropertyName("command")] string CommandName, JsonElement[]? Arguments = null);

public sealed record WorkspaceFolder(string Uri, string Name);

public static class PositionEncodingKind
{
    public const string Utf8 = "utf-8";
    public const string Utf16 = "utf-16";
    public const string Utf32 = "utf-32";
}
