using CodeAssist.Tests.Shared;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Models;

[Collection(DemoModelsCollection.Name)]
public sealed class DemoModelsTests(DemoModelsFixture demo)
{
    public static TheoryData<string, string> AllModels()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in DemoModels.Plan("."))
            data.Add(model.Architecture, model.Format);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Each_demo_model_loads_in_llama_cpp_and_generates_greedily(string architecture, string format)
    {
        var model = demo.Get(architecture, format);

        var first = TinyInference.GreedyTokens(model.Path, "public static int Add(int a, int b)", 4);
        var again = TinyInference.GreedyTokens(model.Path, "public static int Add(int a, int b)", 4);

        Assert.Equal(4, first.Count);
        Assert.All(first, token => Assert.InRange(token, 0, DemoVocabulary.Tokens.Count - 1));
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task EnsureAsync_keeps_existing_files_and_returns_every_model()
    {
        var before = demo.Models.ToDictionary(m => m.Path, m => File.GetLastWriteTimeUtc(m.Path));

        var again = await DemoModels.EnsureAsync(demo.Directory);

        Assert.Equal(demo.Models, again);
        Assert.All(again, m => Assert.Equal(before[m.Path], File.GetLastWriteTimeUtc(m.Path)));
        Assert.Equal(14, again.Count);
        Assert.All(again, m => Assert.Equal($"demo-{m.Architecture}-{m.Format}.gguf", Path.GetFileName(m.Path)));
    }

    [Fact]
    public void Demo_model_bytes_are_deterministic()
    {
        var path = Path.Combine(demo.Directory, "again.gguf");
        DemoArchitecture.All.Single(a => a.Name == "qwen3next").Build().Write(path);

        Assert.Equal(File.ReadAllBytes(demo.Get("qwen3next", "F16").Path), File.ReadAllBytes(path));
        File.Delete(path);
    }

    [Fact]
    public void Vocabulary_has_every_byte_and_the_qwen_control_tokens()
    {
        var file = GgufReader.Open(demo.Get("llama", "F16").Path);
        var tokens = file.GetArray("tokenizer.ggml.tokens")!.Cast<string>().ToList();
        var types = file.GetArray("tokenizer.ggml.token_type")!.Cast<int>().ToList();

        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal(512, tokens.Count);
        Assert.All(Enumerable.Range(0, 256), b => Assert.Contains($"<0x{b:X2}>", tokens));
        foreach (var control in DemoVocabulary.QwenControlTokens)
            Assert.Equal(3, types[tokens.IndexOf(control)]);
        Assert.Contains("<|im_start|>", file.GetString("tokenizer.chat_template"));
        Assert.Equal(tokens.IndexOf("<|fim_prefix|>"), file.GetInteger("tokenizer.ggml.fim_pre_token_id"));
    }

    [Fact]
    public void Llama_cpp_tokenizes_the_fim_markers_as_single_control_tokens()
    {
        var tokens = TinyInference.Tokenize(demo.Get("qwen3moe", "Q8_0").Path, "<|fim_prefix|>int x<|fim_suffix|>;<|fim_middle|>");

        Assert.Equal(DemoVocabulary.IdOf("<|fim_prefix|>"), tokens[0]);
        Assert.Contains(DemoVocabulary.IdOf("<|fim_suffix|>"), tokens);
        Assert.Equal(DemoVocabulary.IdOf("<|fim_middle|>"), tokens[^1]);
    }

    [Fact]
    public void Llama_cpp_loads_a_model_our_writer_split_in_two_parts()
    {
        var directory = Directory.CreateDirectory(Path.Combine(demo.Directory, "split")).FullName;
        var parts = DemoArchitecture.All.Single(a => a.Name == "llama").Build().WriteSplit(Path.Combine(directory, "demo-llama-F16"), 2);

        var fromParts = TinyInference.GreedyTokens(parts[0], "using System;", 3);
        var fromWhole = TinyInference.GreedyTokens(demo.Get("llama", "F16").Path, "using System;", 3);

        Assert.Equal(fromWhole, fromParts);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task EnsureAsync_remakes_a_damaged_file()
    {
        var directory = Directory.CreateDirectory(Path.Combine(demo.Directory, "damaged")).FullName;
        foreach (var model in demo.Models)
            File.Copy(model.Path, Path.Combine(directory, Path.GetFileName(model.Path)));
        var damaged = Path.Combine(directory, DemoModels.FileName("qwen3moe", "Q6_K"));
        File.WriteAllBytes(damaged, File.ReadAllBytes(damaged)[..1000]);

        await DemoModels.EnsureAsync(directory);

        Assert.Equal(File.ReadAllBytes(demo.Get("qwen3moe", "Q6_K").Path), File.ReadAllBytes(damaged));
        Directory.Delete(directory, recursive: true);
    }
}
