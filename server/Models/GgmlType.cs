namespace CodeAssist.Server.Models;

/// <summary>ggml tensor storage types; numbers are the on-disk ids (ggml.h, append-only, with gaps).</summary>
public enum GgmlType : uint
{
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22, IQ4_XS = 23,
    I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28, IQ1_M = 29, BF16 = 30,
    TQ1_0 = 34, TQ2_0 = 35, MXFP4 = 39, NVFP4 = 40, Q1_0 = 41, Q2_0 = 42,
}

/// <summary>Block geometry of each ggml type: how many weights a block holds and how many bytes it takes.</summary>
public static class GgmlTypes
{
    public readonly record struct Layout(int BlockSize, int BytesPerBlock)
    {
        public double BitsPerWeight => BytesPerBlock * 8.0 / BlockSize;
    }

    private static readonly Dictionary<GgmlType, Layout> Layouts = new()
    {
        [GgmlType.F32] = new(1, 4), [GgmlType.F16] = new(1, 2), [GgmlType.BF16] = new(1, 2), [GgmlType.F64] = new(1, 8),
        [GgmlType.I8] = new(1, 1), [GgmlType.I16] = new(1, 2), [GgmlType.I32] = new(1, 4), [GgmlType.I64] = new(1, 8),
        [GgmlType.Q4_0] = new(32, 18), [GgmlType.Q4_1] = new(32, 20), [GgmlType.Q5_0] = new(32, 22),
        [GgmlType.Q5_1] = new(32, 24), [GgmlType.Q8_0] = new(32, 34), [GgmlType.Q8_1] = new(32, 36),
        [GgmlType.Q2_K] = new(256, 84), [GgmlType.Q3_K] = new(256, 110), [GgmlType.Q4_K] = new(256, 144),
        [GgmlType.Q5_K] = new(256, 176), [GgmlType.Q6_K] = new(256, 210), [GgmlType.Q8_K] = new(256, 292),
        [GgmlType.IQ2_XXS] = new(256, 66), [GgmlType.IQ2_XS] = new(256, 74), [GgmlType.IQ3_XXS] = new(256, 98),
        [GgmlType.IQ1_S] = new(256, 50), [GgmlType.IQ4_NL] = new(32, 18), [GgmlType.IQ3_S] = new(256, 110),
        [GgmlType.IQ2_S] = new(256, 82), [GgmlType.IQ4_XS] = new(256, 136), [GgmlType.IQ1_M] = new(256, 56),
        [GgmlType.TQ1_0] = new(256, 54), [GgmlType.TQ2_0] = new(256, 66),
        [GgmlType.MXFP4] = new(32, 17), [GgmlType.NVFP4] = new(64, 36),
        [GgmlType.Q1_0] = new(128, 18), [GgmlType.Q2_0] = new(64, 18),
    };

    public static bool IsKnown(GgmlType type) => Layouts.ContainsKey(type);

    public static Layout LayoutOf(GgmlType type) =>
        Layouts.TryGetValue(type, out var layout) ? layout : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown ggml type");

    /// <summary>Bytes a tensor of this type takes; rows must hold whole blocks, as ggml requires.</summary>
    public static long ByteSize(GgmlType type, IReadOnlyList<long> dimensions)
    {
        var layout = LayoutOf(type);
        if (dimensions.Count > 0 && dimensions[0] % layout.BlockSize != 0)
            throw new ArgumentException($"first dimension {dimensions[0]} is not a multiple of the {type} block size {layout.BlockSize}");
        return ElementCount(dimensions) / layout.BlockSize * layout.BytesPerBlock;
    }

    public static long ElementCount(IReadOnlyList<long> dimensions)
    {
        long count = 1;
        foreach (var d in dimensions)
            count = checked(count * d);
        return count;
    }
}
