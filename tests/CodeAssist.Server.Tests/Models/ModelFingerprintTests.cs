using CodeAssist.Tests.Shared;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Models;

[Collection(DemoModelsCollection.Name)]
public sealed class ModelFingerprintTests(DemoModelsFixture demo) : IDisposable
{
    private readonly TempDirectory _temp = new("fp-cache");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Fingerprint_describes_architecture_file_type_parameters_and_sizes()
    {
        var model = demo.Get("qwen3moe", "MXFP4_MOE");

        var fingerprint = await new ModelFingerprinter(_temp.Path).ComputeAsync(model.Path);

        Assert.Equal("qwen3moe", fingerprint.Architecture);
        Assert.True(fingerprint.ArchitectureKnown);
        Assert.Equal(38, fingerprint.FileType);
        Assert.Equal("MOSTLY_MXFP4_MOE", fingerprint.FileTypeName);
        Assert.Equal(new FileInfo(model.Path).Length, fingerprint.TotalSize);
        Assert.Equal(fingerprint.TensorTypes.Sum(t => t.Elements), fingerprint.ParameterCount);
        Assert.Equal(fingerprint.TensorTypes.Sum(t => t.Bytes) * 8.0 / fingerprint.ParameterCount, fingerprint.BitsPerWeight, 9);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model.Path))), fingerprint.Sha256);
    }

    [Fact]
    public async Task Second_fingerprint_reuses_the_cached_hash_until_the_file_changes()
    {
        var path = Path.Combine(_temp.Path, "copy.gguf");
        File.Copy(demo.Get("llama", "Q8_0").Path, path);
        var fingerprinter = new ModelFingerprinter(Path.Combine(_temp.Path, "hashes"));
        var first = await fingerprinter.ComputeAsync(path);
        var cacheFile = Assert.Single(Directory.GetFiles(Path.Combine(_temp.Path, "hashes")));
        var planted = new string('a', 64);
        File.WriteAllText(cacheFile, planted);

        var cached = await fingerprinter.ComputeAsync(path);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var rehashed = await fingerprinter.ComputeAsync(path);

        Assert.Equal(planted, cached.Sha256);
        Assert.Equal(first.Sha256, rehashed.Sha256);
    }

    [Fact]
    public void Known_architectures_include_the_code_model_families_and_reject_others_by_name()
    {
        Assert.All(KnownArchitectures.CodeModelFamilies, arch => Assert.True(KnownArchitectures.IsKnown(arch)));
        Assert.Null(KnownArchitectures.Problem("/m.gguf", "qwen3next"));
        Assert.Equal("/m.gguf: architecture 'qwen9' is not supported by the bundled llama.cpp", KnownArchitectures.Problem("/m.gguf", "qwen9"));
        Assert.Contains("no general.architecture", KnownArchitectures.Problem("/m.gguf", ""));
    }

    [Fact]
    public void File_type_names_follow_llama_cpp()
    {
        Assert.Equal("MOSTLY_Q4_K_M", LlamaFileTypes.NameOf(15));
        Assert.Equal("MOSTLY_MXFP4_MOE", LlamaFileTypes.NameOf(38));
        Assert.Equal("UNKNOWN_99", LlamaFileTypes.NameOf(99));
    }
}
