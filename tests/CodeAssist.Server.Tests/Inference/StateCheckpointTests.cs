using System.Text;
using System.Text.Json;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Tests.Models;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Inference;

/// <summary>
/// Prompt reuse on the hybrid qwen3next demo model (Gated DeltaNet plus attention layers) through recurrent-state
/// checkpoints, with the real llama.cpp: after a restore, greedy generation must equal a cold evaluation of the same prompt.
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class StateCheckpointTests(DemoModelsFixture models, ITestOutputHelper output)
{
    private static readonly GenerationOptions Fixed = new() { MaxTokens = 12, StopAtEndOfGeneration = false };

    private static readonly string Prefix = Lines(0, 40) + "    public static int Sum(int a, int b)\n    {\n        var total = a";

    private static readonly string Suffix = ";\n    }\n" + Lines(40, 6) + "}\n";

    private static readonly FimRequest Request = new(Prefix, Suffix, "repo",
        [new ContextFile("Other.cs", "public sealed class Other { public int Value { get; } = 3; }")], "Program.cs");

    private Task<ModelHost> LoadAsync(long checkpointBytes = 512L << 20) => ModelHost.LoadAsync(models.Get("qwen3next", "Q8_0").Path,
        TestHost.Settings with { ContextSize = 2048, CheckpointMemoryBytes = checkpointBytes });

    public static TheoryData<string> Edits => ["typing at the end of the prefix", "deleting", "an edit far above the cursor", "a suffix change"];

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task After_a_restore_greedy_generation_equals_a_cold_evaluation(string edit)
    {
        await using var host = await LoadAsync();
        var edited = edit switch
        {
            "typing at the end of the prefix" => Request with { Prefix = Prefix + " + b" },
            "deleting" => Request with { Prefix = Prefix[..^3] },
            "an edit far above the cursor" => Request with { Prefix = Prefix.Replace("F30(int a) => a * 30", "F30(int a) => a - 30", StringComparison.Ordinal) },
            _ => Request with { Suffix = " * 2" + Suffix },
        };
        var first = await host.CompleteAsync(Request, Fixed);
        var warm = await host.CompleteAsync(edited, Fixed);
        await host.Session.ResetCacheAsync();
        var cold = await host.CompleteAsync(edited, Fixed);
        output.WriteLine($"{edit}: first saved {first.Checkpoints?.Saved} ({first.Checkpoints?.Bytes} bytes); warm {warm.CacheReuse}, " +
                         $"{warm.ReusedPromptTokens}/{warm.PromptTokens} reused, restore {warm.Checkpoints?.RestoreMs:F3} ms; '{warm.Text}' vs cold '{cold.Text}'");

        Assert.Equal(CacheReuse.Checkpoint, warm.CacheReuse);
        Assert.True(warm.ReusedPromptTokens > 0);
        Assert.Equal(warm.PromptTokens - warm.ReusedPromptTokens, warm.EvaluatedPromptTokens);
        Assert.NotNull(warm.Checkpoints?.RestoreMs);
        Assert.Equal(CacheReuse.Cold, cold.CacheReuse);
        Assert.Equal(12, warm.Timings.GeneratedTokens);
        Assert.NotEmpty(cold.Text);
        Assert.Equal(cold.Text, warm.Text);
    }

    [Fact]
    public async Task Typing_on_the_cursor_line_restores_the_checkpoint_at_its_start()
    {
        await using var host = await LoadAsync();
        var prompt = host.PromptBuilder!.Build(Request);
        await host.CompleteAsync(Request, Fixed);

        var typed = await host.CompleteAsync(Request with { Prefix = Prefix + " + b" }, Fixed);

        Assert.Equal(CacheReuse.Checkpoint, typed.CacheReuse);
        Assert.True(typed.ReusedPromptTokens >= prompt.StablePositions[^1], $"{typed.ReusedPromptTokens} reused, the line starts at {prompt.StablePositions[^1]}");
    }

    [Fact]
    public async Task An_edit_far_above_restores_a_checkpoint_before_it()
    {
        await using var host = await LoadAsync();
        var first = await host.CompleteAsync(Request, Fixed);
        Assert.True(first.PromptTokens > 2 * StateCheckpoints.Interval, $"the prompt has {first.PromptTokens} tokens");

        var edited = await host.CompleteAsync(Request with { Prefix = Prefix.Replace("F30(int a)", "F30(long a)", StringComparison.Ordinal) }, Fixed);

        Assert.Equal(CacheReuse.Checkpoint, edited.CacheReuse);
        Assert.Equal(0, edited.ReusedPromptTokens % StateCheckpoints.Interval);
    }

    [Fact]
    public async Task Checkpoint_memory_stays_within_the_cap_keeping_the_stable_positions_and_a_cap_of_zero_re_evaluates()
    {
        await using (var probe = await LoadAsync())
        {
            var size = (await probe.CompleteAsync(Request, Fixed)).Checkpoints!;
            Assert.True(size.Saved >= 3, $"{size.Saved} checkpoints taken");
            var each = size.Bytes / size.Count;

            await using var capped = await LoadAsync(each * 2);
            var held = (await capped.CompleteAsync(Request, Fixed)).Checkpoints!;
            Assert.Equal(2, held.Count);
            Assert.True(held.Bytes <= each * 2);

            // Those at the prompt's stable positions stay, the others went: typing restores the cursor line's start, an edit
            // far above the end of the repository context.
            var stable = capped.PromptBuilder!.Build(Request).StablePositions;
            Assert.Equal(stable[^1], (await capped.CompleteAsync(Request with { Prefix = Prefix + " + b" }, Fixed)).ReusedPromptTokens);
            var farAbove = await capped.CompleteAsync(Request with { Prefix = Prefix.Replace("F30(int a)", "F30(long a)", StringComparison.Ordinal) }, Fixed);
            Assert.Equal(CacheReuse.Checkpoint, farAbove.CacheReuse);
            Assert.Equal(stable[0], farAbove.ReusedPromptTokens);
        }

        await using var none = await LoadAsync(0);
        await none.CompleteAsync(Request, Fixed);
        var typed = await none.CompleteAsync(Request with { Prefix = Prefix + " + b" }, Fixed);
        Assert.Equal(CacheReuse.FullReevaluation, typed.CacheReuse);
        Assert.Equal(0, typed.Checkpoints!.Count);
    }

    [Fact]
    public async Task A_model_whose_cache_drops_a_tail_keeps_no_checkpoints()
    {
        await using var host = await ModelHost.LoadAsync(models.Get("llama", "Q8_0").Path, TestHost.Settings with { ContextSize = 2048 });
        await host.CompleteAsync(Request, Fixed);
        var typed = await host.CompleteAsync(Request with { Prefix = Prefix + " + b" }, Fixed);

        Assert.False(host.Session.UsesCheckpoints);
        Assert.Equal(CacheReuse.Prefix, typed.CacheReuse);
        Assert.Null(typed.Checkpoints);
        Assert.Null(host.Report.CheckpointMemoryBytes);
    }

    [Fact]
    public async Task The_load_report_gives_the_checkpoint_memory_cap_of_a_hybrid_model()
    {
        await using var host = await LoadAsync(64L << 20);
        output.WriteLine(host.Report.ToString());

        Assert.True(host.Session.UsesCheckpoints);
        Assert.Equal(64L << 20, host.Report.CheckpointMemoryBytes);
        Assert.Contains("recurrent state checkpoints up to 64.0 MiB", host.Report.ToString());
    }

    [Fact]
    public void The_cap_comes_from_codeassist_checkpointMemoryMB_with_512_by_default()
    {
        Assert.Equal(512, CodeAssistSettings.Default.CheckpointMemoryMB);
        Assert.Equal(64, SettingsReader.Read(JsonDocument.Parse("""{ "checkpointMemoryMB": 64 }""").RootElement, CodeAssistSettings.Default).Settings.CheckpointMemoryMB);
        Assert.Equal(512L << 20, new ModelHostSettings().CheckpointMemoryBytes);
    }

    [Fact]
    public async Task The_stable_positions_are_the_prefix_start_and_the_start_of_the_cursor_line()
    {
        await using var host = await LoadAsync();
        var prompt = host.PromptBuilder!.Build(Request);
        var lineStart = Prefix.LastIndexOf('\n') + 1;

        Assert.Equal(2, prompt.StablePositions.Count);
        var (prefixStart, cursorLine) = (prompt.StablePositions[0], prompt.StablePositions[1]);
        Assert.Equal(host.Tokenize(Prefix[..lineStart]), prompt.Tokens.Skip(prefixStart).Take(cursorLine - prefixStart));
        Assert.Equal(host.Tokenize(Prefix[..^prompt.Healed.Length]), prompt.Tokens.Skip(prefixStart).Take(prompt.Counts.Prefix));
    }

    private static string Lines(int first, int count)
    {
        var text = new StringBuilder(first == 0 ? "public static class Program\n{\n" : "");
        for (var i = first; i < first + count; i++)
            text.Append($"    public static int F{i}(int a) => a * {i} + {i * 7};\n");
        return text.ToString();
    }

    [Fact]
    public void Stats_without_a_restore_read_back_from_the_status_the_server_writes()
    {
        // the server leaves out null properties, so a request that restored nothing has no restoreMs on the wire
        var json = JsonSerializer.Serialize(new CheckpointStats(2, 4096, 1, 0.5, null), LspJson.Options);

        Assert.DoesNotContain("restore", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new CheckpointStats(2, 4096, 1, 0.5, null), JsonSerializer.Deserialize<CheckpointStats>(json, LspJson.Options));
    }
}
