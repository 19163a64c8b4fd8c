using CodeAssist.Tests.Shared;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Models;

public sealed class GgufReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("gguf");

    public void Dispose() => _temp.Dispose();

    private string PathOf(string name) => Path.Combine(_temp.Path, name);

    private static readonly byte[] Q8Block = Enumerable.Range(0, 34).Select(i => (byte)i).ToArray();

    private static GgufWriter SampleModel() => new GgufWriter()
        .Set("general.architecture", GgufMetadataValue.Of("llama"))
        .Set("u8", new GgufMetadataValue(GgufValueType.UInt8, (byte)200))
        .Set("i8", new GgufMetadataValue(GgufValueType.Int8, (sbyte)-5))
        .Set("u16", GgufMetadataValue.Of((ushort)65000))
        .Set("i16", new GgufMetadataValue(GgufValueType.Int16, (short)-300))
        .Set("u32", GgufMetadataValue.Of(4_000_000_000u))
        .Set("i32", GgufMetadataValue.Of(-7))
        .Set("f32", GgufMetadataValue.Of(1.5f))
        .Set("bool", GgufMetadataValue.Of(true))
        .Set("text", GgufMetadataValue.Of("héllo"))
        .Set("u64", GgufMetadataValue.Of(ulong.MaxValue))
        .Set("i64", new GgufMetadataValue(GgufValueType.Int64, long.MinValue))
        .Set("f64", new GgufMetadataValue(GgufValueType.Float64, Math.PI))
        .Set("strings", GgufMetadataValue.Of(["a", "", "<0x0A>"]))
        .Set("floats", GgufMetadataValue.Of([0f, -1.25f]))
        .Set("ints", GgufMetadataValue.Of([1, 2, 3]))
        .AddTensor("norm.weight", GgmlType.F32, [4], new byte[16])
        .AddTensor("embd.weight", GgmlType.F16, [8, 3], Enumerable.Range(0, 48).Select(i => (byte)i).ToArray())
        .AddTensor("q.weight", GgmlType.Q8_0, [32, 1], Q8Block);

    [Fact]
    public void Reads_back_every_metadata_type_the_writer_wrote()
    {
        var writer = SampleModel();
        var path = PathOf("sample.gguf");
        writer.Write(path);

        var file = GgufReader.Open(path);

        Assert.Equal("llama", file.Architecture);
        Assert.Equal((byte)200, file.Metadata["u8"].Value);
        Assert.Equal((sbyte)-5, file.Metadata["i8"].Value);
        Assert.Equal((ushort)65000, file.Metadata["u16"].Value);
        Assert.Equal((short)-300, file.Metadata["i16"].Value);
        Assert.Equal(4_000_000_000L, file.GetInteger("u32"));
        Assert.Equal(-7L, file.GetInteger("i32"));
        Assert.Equal(1.5f, file.Metadata["f32"].Value);
        Assert.Equal(true, file.Metadata["bool"].Value);
        Assert.Equal("héllo", file.GetString("text"));
        Assert.Equal(ulong.MaxValue, file.Metadata["u64"].Value);
        Assert.Equal(long.MinValue, file.Metadata["i64"].Value);
        Assert.Equal(Math.PI, file.Metadata["f64"].Value);
        Assert.Equal(["a", "", "<0x0A>"], file.GetArray("strings")!.Cast<string>());
        Assert.Equal([0f, -1.25f], file.GetArray("floats")!.Cast<float>());
        Assert.Equal([1, 2, 3], file.GetArray("ints")!.Cast<int>());
        Assert.Equal(GgufValueType.Int32, ((GgufArray)file.Metadata["ints"].Value).ElementType);
    }

    [Fact]
    public void Reads_tensor_infos_with_offsets_that_point_at_the_data()
    {
        var path = PathOf("sample.gguf");
        SampleModel().Write(path);

        var file = GgufReader.Open(path);

        Assert.Equal(["norm.weight", "embd.weight", "q.weight"], file.Tensors.Select(t => t.Name));
        var q = file.Tensors[2];
        Assert.Equal(GgmlType.Q8_0, q.Type);
        Assert.Equal([32L, 1L], q.Dimensions);
        Assert.Equal(34, q.ByteSize);
        Assert.Equal(0, file.Parts[0].DataOffset % 32);
        Assert.All(file.Tensors, t => Assert.Equal(0, (t.FileOffset - file.Parts[0].DataOffset) % 32));
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(Q8Block, bytes.AsSpan((int)q.FileOffset, 34).ToArray());
        Assert.Equal(3u, file.Parts[0].Version);
        Assert.Equal(bytes.Length, file.Parts[0].FileSize);
    }

    [Fact]
    public async Task Split_model_opens_from_any_part_with_merged_tensors_and_a_hash_over_all_parts()
    {
        var writer = DemoArchitecture.All.Single(a => a.Name == "llama").Build();
        var single = PathOf("whole.gguf");
        writer.Write(single);
        var parts = writer.WriteSplit(PathOf("model"), 2);

        var fromSecond = GgufReader.Open(parts[1]);
        var whole = GgufReader.Open(single);

        Assert.Equal([PathOf("model-00001-of-00002.gguf"), PathOf("model-00002-of-00002.gguf")], parts);
        Assert.Equal(parts, fromSecond.Parts.Select(p => p.Path));
        Assert.Equal(2L, fromSecond.GetInteger(GgufReader.SplitCountKey));
        Assert.Equal(whole.Tensors.Select(t => (t.Name, t.Type, string.Join('x', t.Dimensions))),
            fromSecond.Tensors.Select(t => (t.Name, t.Type, string.Join('x', t.Dimensions))));
        Assert.Equal([0, 1], fromSecond.Tensors.Select(t => t.Part).Distinct());
        Assert.Equal(whole.GetArray("tokenizer.ggml.tokens"), fromSecond.GetArray("tokenizer.ggml.tokens"));

        var fingerprint = await new ModelFingerprinter(PathOf("cache")).ComputeAsync(parts[0]);
        var concatenated = parts.SelectMany(File.ReadAllBytes).ToArray();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(concatenated)), fingerprint.Sha256);
        Assert.Equal(concatenated.Length, fingerprint.TotalSize);
        Assert.Equal(2, fingerprint.Parts.Count);
        Assert.Equal(ModelFingerprint.FromHeaders(whole, "").ParameterCount, fingerprint.ParameterCount);
    }

    [Fact]
    public void Missing_split_part_is_reported_with_its_path()
    {
        var parts = DemoArchitecture.All.Single(a => a.Name == "llama").Build().WriteSplit(PathOf("model"), 2);
        File.Delete(parts[1]);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Open(parts[0]));

        Assert.Equal(GgufProblem.MissingSplitPart, error.Problem);
        Assert.Equal(parts[1], error.Path);
    }

    [Fact]
    public void Missing_file_is_a_format_exception_naming_the_file()
    {
        var path = PathOf("nowhere.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Open(path));

        Assert.Equal(GgufProblem.Missing, error.Problem);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void File_without_the_GGUF_magic_is_rejected()
    {
        var path = PathOf("model.gguf");
        File.WriteAllText(path, "PK\u0003\u0004 this is a zip, not a model");

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Open(path));

        Assert.Equal(GgufProblem.NotGguf, error.Problem);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Unsupported_version_is_rejected()
    {
        var path = PathOf("model.gguf");
        SampleModel().Write(path);
        var bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), 7u);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Open(path));

        Assert.Equal(GgufProblem.UnsupportedVersion, error.Problem);
        Assert.Contains("version 7", error.Message);
    }

    [Theory]
    [InlineData(10, "header")]
    [InlineData(60, "metadata")]
    [InlineData(-40, "tensor")]
    public void Truncated_file_is_reported_with_where_it_ends(int keep, string where)
    {
        var path = PathOf("model.gguf");
        SampleModel().Write(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep > 0 ? keep : bytes.Length + keep)]);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Open(path));

        Assert.Equal(GgufProblem.Truncated, error.Problem);
        Assert.Contains(where, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Truncated_tensor_infos_are_reported()
    {
        var path = PathOf("model.gguf");
        SampleModel().Write(path);
        var bytes = File.ReadAllBytes(path);
        var infosStart = IndexOf(bytes, "norm.weight"u8.ToArray()) - 8;
        File.WriteAllBytes(path, bytes[..(infosStart + 20)]);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Open(path));

        Assert.Equal(GgufProblem.Truncated, error.Problem);
        Assert.Contains("tensor infos", error.Message);
    }

    [Fact]
    public void Ggml_type_table_gives_exact_sizes()
    {
        Assert.Equal(8.5, GgmlTypes.LayoutOf(GgmlType.Q8_0).BitsPerWeight);
        Assert.Equal(4.25, GgmlTypes.LayoutOf(GgmlType.MXFP4).BitsPerWeight);
        Assert.Equal(6.5625, GgmlTypes.LayoutOf(GgmlType.Q6_K).BitsPerWeight);
        Assert.Equal(4.5, GgmlTypes.LayoutOf(GgmlType.Q4_K).BitsPerWeight);
        Assert.Equal(17L * 8 * 4096 / 32, GgmlTypes.ByteSize(GgmlType.MXFP4, [4096, 8]));
        Assert.Equal(39u, (uint)GgmlType.MXFP4);
        Assert.Throws<ArgumentException>(() => GgmlTypes.ByteSize(GgmlType.Q4_K, [128]));
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
