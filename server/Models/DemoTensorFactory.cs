namespace CodeAssist.Server.Models;

/// <summary>
/// Deterministic random weights: each tensor's values depend only on the seed and the tensor's name, so the bytes of a
/// demo model never change between runs or machines.
/// </summary>
internal sealed class DemoTensorFactory(GgufWriter writer, ulong seed)
{
    /// <summary>A weight matrix in F16, uniform in ±1/sqrt(fan-in).</summary>
    public void Matrix(string name, params long[] dimensions) =>
        F16(name, dimensions, Random(name, dimensions, 1.0f / MathF.Sqrt(dimensions[0])));

    /// <summary>The same uniform initialisation in F32, for weights that are trained further.</summary>
    public void MatrixF32(string name, params long[] dimensions) => UniformF32(name, 1.0f / MathF.Sqrt(dimensions[0]), dimensions);

    /// <summary>F32 values uniform in ±<paramref name="bound"/> (standard deviation bound / sqrt(3)).</summary>
    public void UniformF32(string name, float bound, params long[] dimensions) => F32(name, dimensions, Random(name, dimensions, bound));

    /// <summary>An RMS-norm weight, all ones.</summary>
    public void Norm(string name, long size) => F32(name, [size], Enumerable.Repeat(1.0f, (int)size).ToArray());

    /// <summary>Small tensors llama.cpp keeps in F32 (convolutions, SSM parameters), with values from <paramref name="value"/>.</summary>
    public void F32(string name, long[] dimensions, Func<float, float> value) =>
        F32(name, dimensions, Random(name, dimensions, 1.0f).Select(value).ToArray());

    private void F16(string name, long[] dimensions, float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (Half)values[i]);
        writer.AddTensor(name, GgmlType.F16, dimensions, bytes);
    }

    private void F32(string name, long[] dimensions, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        writer.AddTensor(name, GgmlType.F32, dimensions, bytes);
    }

    private float[] Random(string name, long[] dimensions, float scale)
    {
        var state = seed ^ Fnv1a(name);
        var values = new float[GgmlTypes.ElementCount(dimensions)];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)((SplitMix64(ref state) >> 11) * (1.0 / (1UL << 53)) * 2 - 1) * scale;
        return values;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
            hash = (hash ^ c) * 0x100000001B3UL;
        return hash;
    }
}
