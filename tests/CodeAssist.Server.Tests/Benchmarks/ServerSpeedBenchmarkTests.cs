using CodeAssist.Benchmarks;
using CodeAssist.Benchmarks.Speed;
using CodeAssist.Server.Models;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>bench speed --server-url against a real llama-server router, with the trained model.</summary>
[Collection(LlamaServerCollection.Name)]
public sealed class ServerSpeedBenchmarkTests(LlamaServerFixture llama)
{
    [Fact]
    public async Task Each_length_is_measured_cold_by_the_servers_own_timings_beside_the_end_to_end_wait()
    {
        using var scratch = new TempDirectory();
        var path = Path.Combine(llama.ModelsDirectory, llama.Trained + ".gguf");
        var model = new BenchModel("F16", path, await new ModelFingerprinter(scratch.Path).ComputeAsync(path), IsDemo: false);

        var result = Assert.Single(await new ServerSpeedBenchmark(llama.Client(), [64, 192], generatedTokens: 8, runs: 2).RunAsync([model]));

        Assert.Equal(llama.Trained, result.Model);
        Assert.Equal(2, result.Lengths.Count);
        // Cold runs: the whole prompt is evaluated each time, so the longer prompt counts more tokens.
        Assert.True(result.Lengths[1].PromptTokens > result.Lengths[0].PromptTokens + 64, $"{result.Lengths[0].PromptTokens} then {result.Lengths[1].PromptTokens}");
        Assert.All(result.Lengths, l =>
        {
            Assert.True(l.PromptTokensPerSecond > 0 && l.ServerMs > 0);
            // The client's wait contains the server's own time.
            Assert.True(l.PeerRatio >= 0.99, $"peer ratio {l.PeerRatio}");
        });
        var report = SpeedReport.BuildForServer([result], llama.Url.ToString(), []);
        Assert.Contains("Peer ratio", report.Tables[0].Headers);
    }
}
