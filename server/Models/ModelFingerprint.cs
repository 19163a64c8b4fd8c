namespace CodeAssist.Server.Models;

/// <summary>Count and bytes of the tensors stored as one ggml type.</summary>
public sealed record TensorTypeShare(GgmlType Type, int Count, long Elements, long Bytes);

public sealed record ModelPartFile(string Path, long Size);

/// <summary>
/// What a model file really contains, independent of the label a user gives it: telemetry identifies a format by this
/// plus the label, because labels such as "UD-Q4_K_XL" have changed content over time.
/// </summary>
public sealed record ModelFingerprint(
    string Architecture,
    bool ArchitectureKnown,
    int? FileType,
    string FileTypeName,
    long ParameterCount,
    double BitsPerWeight,
    IReadOnlyList<TensorTypeShare> TensorTypes,
    IReadOnlyList<ModelPartFile> Parts,
    string Sha256)
{
    public long TotalSize => Parts.Sum(p => p.Size);

    /// <summary>The histogram entry for one type, or null when no tensor has it.</summary>
    public TensorTypeShare? Share(GgmlType type) => TensorTypes.FirstOrDefault(t => t.Type == type);

    /// <summary>Everything but the hash, from the headers alone.</summary>
    public static ModelFingerprint FromHeaders(GgufFile file, string sha256)
    {
        var fileType = (int?)file.GetInteger("general.file_type");
        var parameters = file.Tensors.Sum(t => t.ElementCount);
        var bytes = file.Tensors.Sum(t => t.ByteSize);
        var histogram = file.Tensors
            .GroupBy(t => t.Type)
            .Select(g => new TensorTypeShare(g.Key, g.Count(), g.Sum(t => t.ElementCount), g.Sum(t => t.ByteSize)))
            .OrderByDescending(s => s.Bytes)
            .ToArray();
        return new ModelFingerprint(
            file.Architecture,
            KnownArchitectures.IsKnown(file.Architecture),
            fileType,
            fileType is { } number ? LlamaFileTypes.NameOf(number) : "unset",
            parameters,
            parameters == 0 ? 0 : bytes * 8.0 / parameters,
            histogram,
            file.Parts.Select(p => new ModelPartFile(p.Path, p.FileSize)).ToArray(),
            sha256);
    }
}
