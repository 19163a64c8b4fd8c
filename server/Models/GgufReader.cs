using System.Text;
using System.Text.RegularExpressions;

namespace CodeAssist.Server.Models;

/// <summary>
/// Reads GGUF headers, metadata and tensor infos (never the weights) and joins split models
/// (NAME-0000N-of-0000M.gguf) into one <see cref="GgufFile"/>.
/// </summary>
public static partial class GgufReader
{
    public const uint Magic = 0x46554747; // "GGUF" little-endian
    public const uint DefaultAlignment = 32;
    public const string SplitCountKey = "split.count";
    public const string SplitIndexKey = "split.no";
    public const string SplitTensorCountKey = "split.tensors.count";

    [GeneratedRegex(@"^(?<prefix>.+)-(?<no>\d{5})-of-(?<count>\d{5})\.gguf$")]
    private static partial Regex SplitName();

    /// <summary>Opens a model given any of its parts.</summary>
    public static GgufFile Open(string path)
    {
        var partPaths = SplitPartPaths(Path.GetFullPath(path));
        var parts = new List<GgufPart>();
        var tensors = new List<GgufTensorInfo>();
        IReadOnlyDictionary<string, GgufMetadataValue>? metadata = null;
        for (var index = 0; index < partPaths.Count; index++)
        {
            if (!File.Exists(partPaths[index]))
            {
                var problem = partPaths[index] == Path.GetFullPath(path) ? GgufProblem.Missing : GgufProblem.MissingSplitPart;
                throw new GgufFormatException(partPaths[index], problem,
                    partPaths.Count == 1 ? "no such file" : $"part {index + 1} of {partPaths.Count} of a split model");
            }
            var part = ReadPart(partPaths[index], index, out var partMetadata, out var partTensors);
            metadata ??= partMetadata;
            parts.Add(part);
            tensors.AddRange(partTensors);
        }

        CheckSplitCount(partPaths[0], metadata!, partPaths.Count);
        return new GgufFile(parts, metadata!, tensors);
    }

    /// <summary>All part paths of the model a file belongs to; a single-file model yields itself.</summary>
    public static IReadOnlyList<string> SplitPartPaths(string path)
    {
        var match = SplitName().Match(path);
        if (!match.Success)
            return [path];
        var count = int.Parse(match.Groups["count"].Value);
        if (count < 1)
            return [path];
        var prefix = match.Groups["prefix"].Value;
        return Enumerable.Range(1, count).Select(no => SplitPartPath(prefix, no, count)).ToArray();
    }

    public static string SplitPartPath(string prefix, int number, int count) => $"{prefix}-{number:D5}-of-{count:D5}.gguf";

    private static void CheckSplitCount(string path, IReadOnlyDictionary<string, GgufMetadataValue> metadata, int partCount)
    {
        var declared = metadata.TryGetValue(SplitCountKey, out var value) && value.IsInteger ? value.AsInteger() : 0;
        if (declared > 1 && declared != partCount)
            throw new GgufFormatException(path, GgufProblem.MissingSplitPart,
                $"metadata {SplitCountKey}={declared} but the file name names {partCount} part(s)");
    }

    private static GgufPart ReadPart(string path, int partIndex,
        out IReadOnlyDictionary<string, GgufMetadataValue> metadata, out IReadOnlyList<GgufTensorInfo> tensors)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (FileNotFoundException e)
        {
            throw new GgufFormatException(path, GgufProblem.Missing, "cannot open", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new GgufFormatException(path, GgufProblem.Missing, "cannot open", e);
        }

        using (stream)
        {
            using var reader = new PartReader(path, stream);
            return reader.Read(partIndex, out metadata, out tensors);
        }
    }

    private sealed class PartReader(string path, FileStream stream) : IDisposable
    {
        private readonly BinaryReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);
        private readonly long _fileSize = stream.Length;
        private string _stage = "header";

        public void Dispose() => _reader.Dispose();

        public GgufPart Read(int partIndex, out IReadOnlyDictionary<string, GgufMetadataValue> metadata, out IReadOnlyList<GgufTensorInfo> tensors)
        {
            try
            {
                return ReadUnchecked(partIndex, out metadata, out tensors);
            }
            catch (EndOfStreamException e)
            {
                throw Truncated($"file ends inside the {_stage} ({_fileSize} bytes)", e);
            }
        }

        private GgufPart ReadUnchecked(int partIndex, out IReadOnlyDictionary<string, GgufMetadataValue> metadata, out IReadOnlyList<GgufTensorInfo> tensors)
        {
            if (_fileSize < 4)
                throw new GgufFormatException(path, GgufProblem.NotGguf, $"only {_fileSize} bytes");
            var magic = _reader.ReadUInt32();
            if (magic != Magic)
                throw new GgufFormatException(path, GgufProblem.NotGguf, $"magic 0x{magic:X8}, expected 0x{Magic:X8} (\"GGUF\")");
            var version = _reader.ReadUInt32();
            if (version is not (2 or 3))
                throw new GgufFormatException(path, GgufProblem.UnsupportedVersion, $"version {version}, supported: 2 and 3");
            var tensorCount = ReadCount("tensor count");
            var metadataCount = ReadCount("metadata count");

            _stage = "metadata";
            var values = new Dictionary<string, GgufMetadataValue>(StringComparer.Ordinal);
            for (long i = 0; i < metadataCount; i++)
            {
                var key = ReadString();
                values[key] = ReadValue((GgufValueType)_reader.ReadUInt32(), depth: 0);
            }

            _stage = "tensor infos";
            var raw = new List<(string Name, long[] Dims, GgmlType Type, long Offset)>();
            for (long i = 0; i < tensorCount; i++)
                raw.Add(ReadTensorInfo());

            var alignment = values.TryGetValue("general.alignment", out var a) && a.IsInteger ? a.AsInteger() : DefaultAlignment;
            if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
                throw Malformed($"general.alignment {alignment} is not a power of two");
            var dataOffset = (stream.Position + alignment - 1) / alignment * alignment;

            _stage = "tensor data";
            var infos = new List<GgufTensorInfo>(raw.Count);
            foreach (var (name, dims, type, offset) in raw)
            {
                var info = new GgufTensorInfo(name, dims, type, partIndex, dataOffset + offset);
                if (offset % alignment != 0)
                    throw Malformed($"tensor {name} offset {offset} is not aligned to {alignment}");
                if (info.FileOffset + info.ByteSize > _fileSize)
                    throw Truncated($"tensor {name} needs bytes up to {info.FileOffset + info.ByteSize}, file has {_fileSize}", null);
                infos.Add(info);
            }

            metadata = values;
            tensors = infos;
            return new GgufPart(path, version, _fileSize, dataOffset, infos.Count);
        }

        private (string, long[], GgmlType, long) ReadTensorInfo()
        {
            var name = ReadString();
            var dimCount = _reader.ReadUInt32();
            if (dimCount is 0 or > 4)
                throw Malformed($"tensor {name} has {dimCount} dimensions");
            var dims = new long[dimCount];
            for (var d = 0; d < dimCount; d++)
            {
                var size = _reader.ReadUInt64();
                if (size == 0 || size > long.MaxValue / 2)
                    throw Malformed($"tensor {name} dimension {d} is {size}");
                dims[d] = (long)size;
            }
            var type = (GgmlType)_reader.ReadUInt32();
            if (!GgmlTypes.IsKnown(type))
                throw Malformed($"tensor {name} has unknown ggml type {(uint)type}");
            if (dims[0] % GgmlTypes.LayoutOf(type).BlockSize != 0)
                throw Malformed($"tensor {name} row of {dims[0]} is not a whole number of {type} blocks");
            var offset = _reader.ReadUInt64();
            if (offset > (ulong)_fileSize)
                throw Truncated($"tensor {name} data offset {offset} lies beyond the file end ({_fileSize})", null);
            return (name, dims, type, (long)offset);
        }

        private long ReadCount(string what)
        {
            var count = _reader.ReadUInt64();
            // every entry takes at least 8 bytes, so a count beyond the file size means garbage or truncation
            if (count > (ulong)_fileSize)
                throw Malformed($"{what} {count} exceeds what a {_fileSize}-byte file can hold");
            return (long)count;
        }

        private string ReadString()
        {
            var length = _reader.ReadUInt64();
            if (length > (ulong)(_fileSize - stream.Position))
                throw Truncated($"string of {length} bytes at offset {stream.Position} runs past the end ({_fileSize})", null);
            return Encoding.UTF8.GetString(_reader.ReadBytes((int)length));
        }

        private GgufMetadataValue ReadValue(GgufValueType type, int depth) => type switch
        {
            GgufValueType.UInt8 => new(type, _reader.ReadByte()),
            GgufValueType.Int8 => new(type, _reader.ReadSByte()),
            GgufValueType.UInt16 => new(type, _reader.ReadUInt16()),
            GgufValueType.Int16 => new(type, _reader.ReadInt16()),
            GgufValueType.UInt32 => new(type, _reader.ReadUInt32()),
            GgufValueType.Int32 => new(type, _reader.ReadInt32()),
            GgufValueType.Float32 => new(type, _reader.ReadSingle()),
            GgufValueType.Bool => new(type, _reader.ReadByte() != 0),
            GgufValueType.String => new(type, ReadString()),
            GgufValueType.UInt64 => new(type, _reader.ReadUInt64()),
            GgufValueType.Int64 => new(type, _reader.ReadInt64()),
            GgufValueType.Float64 => new(type, _reader.ReadDouble()),
            GgufValueType.Array when depth == 0 => ReadArray(),
            _ => throw Malformed($"metadata value type {(uint)type} at offset {stream.Position - 4}"),
        };

        private GgufMetadataValue ReadArray()
        {
            var elementType = (GgufValueType)_reader.ReadUInt32();
            var count = ReadCount("array length");
            var items = new object[count];
            for (long i = 0; i < count; i++)
                items[i] = ReadValue(elementType, depth: 1).Value;
            return new GgufMetadataValue(GgufValueType.Array, new GgufArray(elementType, items));
        }

        private GgufFormatException Truncated(string detail, Exception? inner) => new(path, GgufProblem.Truncated, detail, inner);

        private GgufFormatException Malformed(string detail) => new(path, GgufProblem.Malformed, detail);
    }
}
