using CodeAssist.Benchmarks.Speed;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>bench speed's peer engine: llama.cpp's own llama-bench, run for real and read from its JSON.</summary>
public sealed class LlamaBenchPeerTests
{
    [Fact]
    public void Prompt_tests_are_read_per_length_and_the_generation_test_on_its_own()
    {
        const string json = """
            [
              {"build_commit": "80fb11a", "n_prompt": 128, "n_gen": 0, "avg_ts": 6006.19},
              {"build_commit": "80fb11a", "n_prompt": 512, "n_gen": 0, "avg_ts": 3638.08},
              {"build_commit": "80fb11a", "n_prompt": 0, "n_gen": 16, "avg_ts": 1884.35}
            ]
            """;

        var peer = LlamaBenchPeer.Parse(json);

        Assert.Equal("80fb11a", peer.Build);
        Assert.Equal(new Dictionary<int, double> { [128] = 6006.19, [512] = 3638.08 }, peer.PromptTokensPerSecond);
        Assert.Equal(1884.35, peer.GeneratedTokensPerSecond);
    }

    [Fact]
    public async Task The_current_llama_bench_measures_the_trained_model_at_the_asked_lengths()
    {
        var bin = await LlamaServerFixture.BuildAsync();
        var model = Path.Combine(RepositoryRoot.Path, "server", "Models", "Trained", "codeassist-cs-F16.gguf");

        var peer = await new LlamaBenchPeer(Path.Combine(bin, LlamaBenchPeer.ExecutableName)).MeasureAsync(model, threads: 1, [32, 64], generatedTokens: 4, runs: 1, CancellationToken.None);

        Assert.Equal([32, 64], peer.PromptTokensPerSecond.Keys.Order());
        Assert.All(peer.PromptTokensPerSecond.Values, v => Assert.True(v > 0));
        Assert.True(peer.GeneratedTokensPerSecond > 0);
    }

    [Fact]
    public async Task A_file_llama_bench_cannot_load_is_an_error_that_says_so()
    {
        var bin = await LlamaServerFixture.BuildAsync();
        using var scratch = new TempDirectory();
        var notAModel = scratch.Write("broken.gguf", "not a model");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new LlamaBenchPeer(Path.Combine(bin, LlamaBenchPeer.ExecutableName)).MeasureAsync(notAModel, 1, [32], 4, 1, CancellationToken.None));

        Assert.Contains("llama-bench failed", error.Message, StringComparison.Ordinal);
    }
}
