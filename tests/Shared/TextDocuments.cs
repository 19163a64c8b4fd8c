using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CodeAssist.Tests.Shared;

/// <summary>Builders for text-document notifications and the reference hash the server reports.</summary>
public static class TextDocuments
{
    public static JsonObject Open(string uri, string text, int version = 1) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = version, ["text"] = text },
    };

    public static JsonObject Change(string uri, int version, params JsonObject[] changes) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(changes.Select(c => (JsonNode)c).ToArray()),
    };

    public static JsonObject Edit(int startLine, int startCharacter, int endLine, int endCharacter, string text) => new()
    {
        ["range"] = new JsonObject
        {
            ["start"] = Position(startLine, startCharacter),
            ["end"] = Position(endLine, endCharacter),
        },
        ["text"] = text,
    };

    public static JsonObject FullText(string text) => new() { ["text"] = text };

    public static JsonObject Position(int line, int character) => new() { ["line"] = line, ["character"] = character };

    public static JsonObject Identifier(string uri) => new() { ["textDocument"] = new JsonObject { ["uri"] = uri } };

    public static JsonObject At(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = Position(line, character),
    };

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
