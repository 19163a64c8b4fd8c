using CodeAssist.Tests.Shared;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using LLama.Native;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class ModelHostTests(DemoModelsFixture models, ITestOutputHelper output)
{
    private static readonly string[] MarkerOrder = ["<|repo_name|>", "<|file_sep|>", "<|file_sep|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"];

    private const string Code = "using System;\n\npublic static class Program\n{\n    public static int Add(int a, int b)\n    {\n        return a + b;\n    }\n";

    private static readonly GenerationOptions Fixed = new() { MaxTokens = 12, StopAtEndOfGeneration = false };

    private Task<ModelHost> LoadAsync(string architecture = "llama", string format = "Q8_0") =>
        ModelHost.LoadAsync(models.Get(architecture, format).Path, TestHost.Settings);

    [Fact]
    public async Task Load_reports_backend_device_layers_memory_and_time()
    {
        await using var host = await LoadAsync();
        var report = host.Report;
        output.WriteLine(report.ToString());

        Assert.Equal("llama", report.Architecture);
        Assert.Equal("cpu", report.Backend);
        Assert.Equal("CPU", report.Device);
        Assert.Equal(0, report.LayersOffloaded);
        Assert.True(report.LayerCount > 1);
        Assert.True(report.ModelBytes > 0);
        Assert.True(report.LoadTime > TimeSpan.Zero);
        Assert.Equal(512u, report.ContextSize);
        Assert.Equal("Qwen (psm)", report.FimTemplate);
    }

    [Fact]
    public async Task The_demo_vocabulary_selects_the_qwen_template()
    {
        await using var host = await LoadAsync();
        Assert.Equal(FimTemplate.Qwen, host.Template);
    }

    [Fact]
    public async Task Greedy_decoding_is_deterministic()
    {
        await using var host = await LoadAsync();
        var prompt = host.Tokenize(Code);

        var first = await host.Session.GenerateAsync(prompt, Fixed);
        await host.Session.ResetCacheAsync();
        var second = await host.Session.GenerateAsync(prompt, Fixed);

        Assert.Equal(12, first.Timings.GeneratedTokens);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task An_extended_prompt_reuses_the_cached_prefix_and_matches_a_cold_run()
    {
        // llama.cpp's CPU kernels round differently for different batch shapes, and random weights are full of near-ties,
        // so the cold reference must split the prompt into the same batches: the first prompt is a whole number of batches.
        const int batch = 16;
        await using var host = await ModelHost.LoadAsync(models.Get("llama", "Q8_0").Path, TestHost.Settings with { BatchSize = batch });
        var first = host.Tokenize(Code).ToArray();
        first = first[..(first.Length / batch * batch)];
        var extended = first.Concat(host.Tokenize("    public static int Sub(int a, int b)\n")).ToArray();

        var cold = await host.Session.GenerateAsync(first, Fixed);
        var warm = await host.Session.GenerateAsync(extended, Fixed);
        output.WriteLine($"cold: {cold.EvaluatedPromptTokens} evaluated; warm: {warm.ReusedPromptTokens} reused, {warm.EvaluatedPromptTokens} evaluated");

        Assert.Equal(CacheReuse.Cold, cold.CacheReuse);
        Assert.Equal(first.Length, cold.EvaluatedPromptTokens);
        Assert.Equal(CacheReuse.Prefix, warm.CacheReuse);
        Assert.True(warm.ReusedPromptTokens >= first.Length);
        Assert.Equal(extended.Length - warm.ReusedPromptTokens, warm.EvaluatedPromptTokens);

        await host.Session.ResetCacheAsync();
        var reference = await host.Session.GenerateAsync(extended, Fixed);
        Assert.Equal(extended.Length, reference.EvaluatedPromptTokens);
        Assert.Equal(reference.Text, warm.Text);
    }

    [Fact]
    public async Task A_diverging_prompt_removes_only_the_tail_from_the_cache()
    {
        await using var host = await LoadAsync();
        var shared = host.Tokenize(Code);
        await host.Session.GenerateAsync([.. shared, .. host.Tokenize("    // first")], Fixed);

        var other = await host.Session.GenerateAsync([.. shared, .. host.Tokenize("    // second")], Fixed);

        Assert.Equal(CacheReuse.Prefix, other.CacheReuse);
        Assert.True(other.ReusedPromptTokens >= shared.Count);
        Assert.True(other.EvaluatedPromptTokens < other.PromptTokens - shared.Count + 4);
    }

    [Fact]
    public async Task A_hybrid_model_extends_its_state_but_re_evaluates_a_diverging_prompt()
    {
        await using var host = await LoadAsync("qwen3next", "Q8_0");
        var first = host.Tokenize(Code);
        var extended = first.Concat(host.Tokenize("    // more")).ToArray();

        // One token and no decode of it: the recurrent state ends exactly at the prompt, so an extension can continue it.
        await host.Session.GenerateAsync(first, Fixed with { MaxTokens = 1 });
        var extension = await host.Session.GenerateAsync(extended, Fixed);
        Assert.Equal(CacheReuse.Prefix, extension.CacheReuse);
        Assert.Equal(first.Count, extension.ReusedPromptTokens);

        var diverging = await host.Session.GenerateAsync(first, Fixed);
        output.WriteLine($"diverging prompt on qwen3next: {diverging.CacheReuse}, {diverging.EvaluatedPromptTokens} evaluated");
        Assert.Equal(CacheReuse.FullReevaluation, diverging.CacheReuse);
        Assert.Equal(first.Count, diverging.EvaluatedPromptTokens);

        await host.Session.ResetCacheAsync();
        Assert.Equal((await host.Session.GenerateAsync(first, Fixed)).Text, diverging.Text);
    }

    [Fact]
    public async Task Generation_stops_at_the_token_budget()
    {
        await using var host = await LoadAsync();
        var result = await host.Session.GenerateAsync(host.Tokenize(Code), Fixed with { MaxTokens = 5 });
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal(5, result.Timings.GeneratedTokens);
        Assert.NotNull(result.Timings.FirstTokenLatency);
    }

    [Fact]
    public async Task Generation_stops_once_the_text_is_complete_and_the_cache_stays_usable()
    {
        await using var host = await LoadAsync();
        var prompt = host.Tokenize(Code);
        var full = await host.Session.GenerateAsync(prompt, Fixed with { MaxTokens = 30 });
        var asked = new List<string>();

        var complete = await host.Session.GenerateAsync(prompt, Fixed with
        {
            MaxTokens = 30,
            IsComplete = text =>
            {
                asked.Add(text);
                return asked.Count == 4;
            },
        });

        Assert.Equal(StopReason.Complete, complete.StopReason);
        Assert.Equal(asked[^1], complete.Text);
        Assert.StartsWith(complete.Text, full.Text);
        Assert.True(complete.Timings.GeneratedTokens < 30, $"{complete.Timings.GeneratedTokens} tokens");
        // The stopped request left the KV cache consistent: the next one reuses it and generates what a full run does.
        var again = await host.Session.GenerateAsync(prompt, Fixed with { MaxTokens = 30 });
        Assert.Equal(prompt.Count - 1, again.ReusedPromptTokens);
        Assert.Equal(full.Text, again.Text);
    }

    [Fact]
    public async Task Generation_stops_at_an_end_of_generation_token_and_does_not_print_it()
    {
        await using var host = await LoadAsync();
        // Random weights: look for prompts whose greedy continuation reaches an EOG token, then check how it was handled.
        var stopped = new List<GenerationResult>();
        for (var i = 0; i < 40 && stopped.Count == 0; i++)
        {
            var result = await host.Session.GenerateAsync(host.Tokenize($"int x{i} = {i * 7};\n"), new GenerationOptions { MaxTokens = 64 });
            if (result.StopReason == StopReason.EndOfGeneration)
                stopped.Add(result);
        }
        var eog = Assert.Single(stopped);
        Assert.True(eog.Timings.GeneratedTokens < 64);
        Assert.DoesNotContain("<|", eog.Text);
    }

    [Fact]
    public async Task Generation_stops_when_the_wall_time_budget_is_spent()
    {
        await using var host = await LoadAsync();
        var prompt = host.Tokenize(Code);

        var none = await host.Session.GenerateAsync(prompt, Fixed with { MaxTokens = 400, WallTimeBudget = TimeSpan.Zero });
        Assert.Equal(StopReason.WallTime, none.StopReason);
        Assert.Equal(0, none.Timings.GeneratedTokens);

        var some = await host.Session.GenerateAsync(prompt, Fixed with { MaxTokens = 400, WallTimeBudget = TimeSpan.FromMilliseconds(30) });
        output.WriteLine($"30 ms budget: {some.Timings.GeneratedTokens} tokens, {some.StopReason}");
        Assert.Equal(StopReason.WallTime, some.StopReason);
        Assert.True(some.Timings.GeneratedTokens < 400);
    }

    [Fact]
    public async Task Cancellation_stops_generation_within_one_token()
    {
        await using var host = await LoadAsync();
        using var cancellation = new CancellationTokenSource();
        var pieces = 0;
        var result = await host.Session.GenerateAsync(host.Tokenize(Code), Fixed with { MaxTokens = 200 },
            _ =>
            {
                if (++pieces == 3)
                    cancellation.Cancel();
            }, cancellation.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(3, pieces);
        Assert.True(result.Timings.GeneratedTokens <= 3 + 3, $"{result.Timings.GeneratedTokens} tokens for 3 pieces");
    }

    [Fact]
    public async Task A_cancelled_request_waiting_in_the_queue_never_runs()
    {
        await using var host = await LoadAsync();
        var prompt = host.Tokenize(Code);
        using var cancellation = new CancellationTokenSource();
        var running = host.Session.GenerateAsync(prompt, Fixed with { MaxTokens = 60 }, _ => cancellation.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Session.GenerateAsync(prompt, Fixed, null, cancellation.Token));
        Assert.Equal(StopReason.MaxTokens, (await running).StopReason);
    }

    [Fact]
    public async Task Streamed_pieces_add_up_to_the_result_text()
    {
        await using var host = await LoadAsync();
        var streamed = new System.Text.StringBuilder();
        var result = await host.Session.GenerateAsync(host.Tokenize(Code), Fixed with { MaxTokens = 30 }, piece => streamed.Append(piece));
        Assert.Equal(result.Text, streamed.ToString());
    }

    [Fact]
    public async Task Fim_prompts_are_built_from_parts_with_token_counts()
    {
        await using var host = await LoadAsync();
        var request = new FimRequest(
            Prefix: "int Twice(int x) => ",
            Suffix: ";\n",
            RepoName: "demo",
            ExtraFiles: [new ContextFile("Util.cs", "static class Util { }")],
            FilePath: "Program.cs");
        var prompt = host.PromptBuilder!.Build(request);
        var counts = prompt.Counts;

        Assert.Equal(prompt.Tokens.Count, counts.Total);
        Assert.True(counts.RepoName > 0 && counts.ExtraFiles > 0 && counts.Prefix > 0 && counts.Suffix > 0);
        var markers = MarkerOrder
            .Select(m => host.Vocabulary.SpecialTokens[m]).ToArray();
        Assert.Equal(markers, prompt.Tokens.Where(t => markers.Contains(t)).ToArray());
        Assert.Equal(host.Vocabulary.SpecialTokens["<|fim_middle|>"], prompt.Tokens[^1]);

        var result = await host.CompleteAsync(request, Fixed);
        Assert.Equal(counts, result.PromptParts);
    }

    [Theory]
    [InlineData(FimOrder.Auto, FimOrder.Spm)]
    [InlineData(FimOrder.Psm, FimOrder.Psm)]
    public async Task A_model_that_declares_SPM_gets_the_suffix_before_the_prefix_unless_the_setting_says_otherwise(FimOrder setting, FimOrder expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"codeassist-spm-{Guid.NewGuid():N}.gguf");
        new LlamaDemo().Build().Set(FimOrders.MetadataKey, GgufMetadataValue.Of("spm")).Write(path);
        try
        {
            await using var host = await ModelHost.LoadAsync(path, TestHost.Settings with { FimOrder = setting });
            Assert.Equal(expected, host.Template!.Order);

            var request = new FimRequest("int Twice(int x) => x", ";\n", "demo", [new ContextFile("Util.cs", "static class Util { }")], "Program.cs");
            var prompt = host.PromptBuilder!.Build(request);
            var markers = MarkerOrder.Select(m => host.Vocabulary.SpecialTokens[m]).ToArray();
            Assert.Equal(markers, prompt.Tokens.Where(t => markers.Contains(t)).ToArray());
            Assert.Equal(prompt.Tokens.Count, prompt.Counts.Total);
            // SPM: the suffix comes before the middle marker and the prefix ends the prompt, so the middle continues it;
            // the context and the suffix before it are stable while one types
            var prefix = host.Vocabulary.Tokenize(request.Prefix[..^prompt.Healed.Length]);
            var prefixStart = prompt.Tokens.Count - (expected == FimOrder.Spm ? prefix.Count : prefix.Count + 2 + prompt.Counts.Suffix);
            Assert.Equal(prefix, prompt.Tokens.Skip(prefixStart).Take(prefix.Count));
            Assert.Equal(" x", prompt.Healed);
            Assert.Equal(expected == FimOrder.Spm ? 2 : 1, prompt.StablePositions.Count);
            Assert.Equal(prefixStart, prompt.StablePositions[^1]);
            Assert.Contains("(" + expected.Word() + ")", host.Report.FimTemplate);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(FimOrder.Auto, null, FimOrder.Psm)]
    [InlineData(FimOrder.Auto, "spm", FimOrder.Spm)]
    [InlineData(FimOrder.Auto, "psm", FimOrder.Psm)]
    [InlineData(FimOrder.Auto, "sideways", FimOrder.Psm)]
    [InlineData(FimOrder.Psm, "spm", FimOrder.Psm)]
    [InlineData(FimOrder.Spm, null, FimOrder.Spm)]
    public void The_order_setting_wins_over_the_model_s_declaration_and_PSM_is_the_fallback(FimOrder setting, string? declared, FimOrder expected) =>
        Assert.Equal(expected, FimOrders.Resolve(setting, declared));

    [Fact]
    public async Task Marker_spellings_inside_code_stay_plain_text()
    {
        await using var host = await LoadAsync();
        var prompt = host.PromptBuilder!.Build(new FimRequest("var s = \"<|fim_middle|>\";", ""));
        var middle = host.Vocabulary.SpecialTokens["<|fim_middle|>"];
        Assert.Single(prompt.Tokens, t => t == middle);
    }

    [Fact]
    public async Task The_chat_template_comes_from_the_model()
    {
        await using var host = await LoadAsync();
        var text = host.FormatChat([("system", "Refactor C#."), ("user", "Rename x to count.")]);
        output.WriteLine(text);
        Assert.Contains("<|im_start|>user\nRename x to count.<|im_end|>", text);
        Assert.EndsWith("<|im_start|>assistant\n", text);
    }

    [Fact]
    public async Task Every_demo_format_loads_and_generates()
    {
        foreach (var model in models.Models.Where(m => m.Format != DemoModels.BaseFormat))
        {
            await using var host = await ModelHost.LoadAsync(model.Path, TestHost.Settings);
            var result = await host.CompleteAsync(new FimRequest("int Add(int a, int b) => ", ";"), Fixed with { MaxTokens = 4 });
            output.WriteLine($"{Path.GetFileName(model.Path)}: {result.Timings.GeneratedTokens} tokens, '{result.Text}'");
            Assert.Equal(4, result.Timings.GeneratedTokens);
        }
    }

    [Fact]
    public async Task A_second_request_waits_in_the_queue_and_reports_the_wait()
    {
        await using var host = await LoadAsync();
        var prompt = host.Tokenize(Code);
        var first = host.Session.GenerateAsync(prompt, Fixed with { MaxTokens = 40 });
        var second = host.Session.GenerateAsync(prompt, Fixed with { MaxTokens = 4 });
        var results = await Task.WhenAll(first, second);

        Assert.True(results[1].Timings.QueueWait > TimeSpan.Zero);
        Assert.True(results[1].Timings.FirstTokenLatency > results[1].Timings.QueueWait);
    }

    [Fact]
    public async Task Another_native_library_after_llama_cpp_is_loaded_asks_for_a_restart()
    {
        await using var host = await LoadAsync();
        var path = models.Get("llama", "Q8_0").Path;

        var library = await Assert.ThrowsAsync<ModelLoadException>(() =>
            ModelHost.LoadAsync(path, TestHost.Settings with { NativeLibraryPath = "/opt/llama-cuda/libllama.so" }));
        Assert.Contains("restart", library.Cause);
        Assert.Equal(path, library.FilePath);

        var backend = await Assert.ThrowsAsync<ModelLoadException>(() =>
            ModelHost.LoadAsync(path, TestHost.Settings with { Backend = LlamaBackend.Cuda12 }));
        Assert.Contains("restart", backend.Cause);
    }

    [Theory]
    [InlineData("cpu", LlamaBackend.Cpu)]
    [InlineData("CUDA12", LlamaBackend.Cuda12)]
    [InlineData(null, LlamaBackend.Auto)]
    public void Backend_settings_parse(string? value, LlamaBackend expected) =>
        Assert.Equal(expected, ModelHostSettings.ParseBackend(value));

    public static TheoryData<string, string[]> RenamedFimTokens => new()
    {
        { "StarCoder", ["<fim_prefix>", "<fim_middle>", "<fim_suffix>", "<fim_pad>", "<reponame>", "<file_sep>"] },
        { "DeepSeek", ["<｜fim▁begin｜>", "<｜fim▁end｜>", "<｜fim▁hole｜>", "<｜fim▁pad｜>", "<｜repo▁name｜>", "<｜file▁sep｜>"] },
    };

    [Theory]
    [MemberData(nameof(RenamedFimTokens))]
    public async Task A_model_with_other_fim_tokens_gets_their_template(string expected, string[] prefixMiddleSuffixPadRepoSep)
    {
        // The demo llama with its Qwen FIM tokens respelled, written by the models GGUF writer.
        var qwen = new[] { "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>" };
        var respelled = DemoVocabulary.Tokens.Select(t => Array.IndexOf(qwen, t.Text) is var i and >= 0 ? prefixMiddleSuffixPadRepoSep[i] : t.Text);
        var path = Path.Combine(Path.GetTempPath(), $"codeassist-{expected}-{Guid.NewGuid():N}.gguf");
        new LlamaDemo().Build().Set("tokenizer.ggml.tokens", GgufMetadataValue.Of(respelled)).Write(path);
        try
        {
            await using var host = await ModelHost.LoadAsync(path, TestHost.Settings);
            Assert.Equal(expected, host.Template?.Kind.ToString());

            var request = new FimRequest("int Twice(int x) => ", ";", ExtraFiles: [new ContextFile("Util.cs", "static class Util { }")]);
            var prompt = host.PromptBuilder!.Build(request);
            Assert.Equal(host.Vocabulary.SpecialTokens[prefixMiddleSuffixPadRepoSep[1]], prompt.Tokens[^1]);
            Assert.True(prompt.Counts.ExtraFiles > 0);
            Assert.Equal(4, (await host.CompleteAsync(request, Fixed with { MaxTokens = 4 })).Timings.GeneratedTokens);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
