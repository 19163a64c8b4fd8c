using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeAssist.Server.Lsp;

public static class LspJson
{
    /// <summary>camelCase names as in the spec; absent optional fields are omitted, not sent as null.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A missing or null required field is the client's error (InvalidParams), not a NullReferenceException later.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
