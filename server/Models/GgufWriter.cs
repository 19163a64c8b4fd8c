using System.Text;

namespace CodeAssist.Server.Models;

/// <summary>
/// Writes GGUF v3 files from metadata and in-memory tensors, as one file or split the way llama.cpp's gguf-split does
/// (metadata in the first part, split.* keys in every part).
/// </summary>
public sealed class GgufWriter
{
    private const int Alignment = (int)GgufReader.DefaultAlignment;
    private readonly List<KeyValuePair<string, GgufMetadataValue>> _metadata = [];
    private readonly List<(string Name, GgmlType Type, long[] Dimensions, byte[] Data)> _tensors = [];

    public GgufWriter Set(string key, GgufMetadataValue value)
    {
        var index = _metadata.FindIndex(kv => kv.Key == key);
        if (index >= 0)
            _metadata[index] = new(key, value);
        else
            _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>Adds a tensor; dimensions in ggml order (contiguous first) and data already encoded as <paramref name="type"/>.</summary>
    public GgufWriter AddTensor(string name, GgmlType type, long[] dimensions, byte[] data)
    {
        var expected = GgmlTypes.ByteSize(type, dimensions);
        if (data.Length != expected)
            throw new ArgumentException($"tensor {name}: {data.Length} bytes given, {type} {string.Join('x', dimensions)} needs {expected}");
        if (_tensors.Any(t => t.Name == name))
            throw new ArgumentException($"tensor {name} added twice");
        _tensors.Add((name, type, dimensions, data));
        return this;
    }

    public void Write(string path)
    {
        using var stream = File.Create(path);
        WritePart(stream, _metadata, _tensors);
    }

    /// <summary>Writes PREFIX-0000N-of-0000M.gguf parts, tensors spread evenly in order; returns the part paths.</summary>
    public IReadOnlyList<string> WriteSplit(string prefix, int partCount)
    {
        if (partCount < 1 || partCount > _tensors.Count)
            throw new ArgumentOutOfRangeException(nameof(partCount), $"need 1..{_tensors.Count} parts");
        var paths = new List<string>();
        var start = 0;
        for (var part = 0; part < partCount; part++)
        {
            var end = (int)((long)_tensors.Count * (part + 1) / partCount);
            List<KeyValuePair<string, GgufMetadataValue>> metadata = part == 0 ? [.. _metadata] : [];
            metadata.Add(new(GgufReader.SplitIndexKey, GgufMetadataValue.Of((ushort)part)));
            metadata.Add(new(GgufReader.SplitCountKey, GgufMetadataValue.Of((ushort)partCount)));
            metadata.Add(new(GgufReader.SplitTensorCountKey, GgufMetadataValue.Of(_tensors.Count)));
            var path = GgufReader.SplitPartPath(prefix, part + 1, partCount);
            using (var stream = File.Create(path))
                WritePart(stream, metadata, _tensors.GetRange(start, end - start));
            paths.Add(path);
            start = end;
        }
        return paths;
    }

    private static void WritePart(Stream stream, IReadOnlyList<KeyValuePair<string, GgufMetadataValue>> metadata,
        IReadOnlyList<(string Name, GgmlType Type, long[] Dimensions, byte[] Data)> tensors)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(GgufReader.Magic);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)value.Type);
            WriteValue(writer, value.Type, value.Value);
        }

        long offset = 0;
        foreach (var (name, type, dimensions, data) in tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)dimensions.Length);
            foreach (var d in dimensions)
                writer.Write((ulong)d);
            writer.Write((uint)type);
            writer.Write((ulong)offset);
            offset = Align(offset + data.Length);
        }

        Pad(writer);
        foreach (var tensor in tensors)
        {
            writer.Write(tensor.Data);
            Pad(writer);
        }
    }

    private static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        var position = writer.BaseStream.Position;
        writer.Write(new byte[Align(position) - position]);
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write((byte)value); break;
            case GgufValueType.Int8: writer.Write((sbyte)value); break;
            case GgufValueType.UInt16: writer.Write((ushort)value); break;
            case GgufValueType.Int16: writer.Write((short)value); break;
            case GgufValueType.UInt32: writer.Write((uint)value); break;
            case GgufValueType.Int32: writer.Write((int)value); break;
            case GgufValueType.Float32: writer.Write((float)value); break;
            case GgufValueType.Bool: writer.Write((bool)value ? (byte)1 : (byte)0); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            case GgufValueType.UInt64: writer.Write((ulong)value); break;
            case GgufValueType.Int64: writer.Write((long)value); break;
            case GgufValueType.Float64: writer.Write((double)value); break;
            case GgufValueType.Array:
                var array = (GgufArray)value;
                writer.Write((uint)array.ElementType);
                writer.Write((ulong)array.Items.Count);
                foreach (var item in array.Items)
                    WriteValue(writer, array.ElementType, item);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "unknown GGUF value type");
        }
    }
}
