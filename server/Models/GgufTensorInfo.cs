namespace CodeAssist.Server.Models;

/// <summary>
/// Where a tensor lives: its part file, its absolute byte offset there and its size. Dimensions are ggml order
/// (ne0 first, the contiguous one).
/// </summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgmlType Type, int Part, long FileOffset)
{
    public long ElementCount => GgmlTypes.ElementCount(Dimensions);

    public long ByteSize => GgmlTypes.ByteSize(Type, Dimensions);
}
