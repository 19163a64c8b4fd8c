namespace CodeAssist.Server.Models;

/// <summary>One physical file of a (possibly split) GGUF model.</summary>
public sealed record GgufPart(string Path, uint Version, long FileSize, long DataOffset, int TensorCount);

/// <summary>
/// A GGUF model as llama.cpp sees it: the metadata of its first part and the tensors of all parts. Holds no weights.
/// </summary>
public sealed class GgufFile
{
    public GgufFile(IReadOnlyList<GgufPart> parts, IReadOnlyDictionary<string, GgufMetadataValue> metadata, IReadOnlyList<GgufTensorInfo> tensors)
    {
        Parts = parts;
        Metadata = metadata;
        Tensors = tensors;
    }

    public IReadOnlyList<GgufPart> Parts { get; }

    public IReadOnlyDictionary<string, GgufMetadataValue> Metadata { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    public string Architecture => GetString("general.architecture") ?? "";

    public string? GetString(string key) =>
        Metadata.TryGetValue(key, out var value) && value.Value is string text ? text : null;

    public long? GetInteger(string key) =>
        Metadata.TryGetValue(key, out var value) && value.IsInteger ? value.AsInteger() : null;

    public IReadOnlyList<object>? GetArray(string key) =>
        Metadata.TryGetValue(key, out var value) && value.Value is GgufArray array ? array.Items : null;
}
