using System.Text.RegularExpressions;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>
/// `codeassist bench completion --server-url`: the same keystrokes through a real llama-server, with the peer ratio row.
/// The figures are not asserted: on the bench's generated file the tiny trained model, prompted in llama-server's own
/// /infill layout (repo "myproject", file "filename") instead of the one it was trained on, writes nothing post-processing keeps.
/// </summary>
[Collection(LlamaServerCollection.Name)]
public sealed class BenchLlamaServerTests(LlamaServerFixture llama, ITestOutputHelper log)
{
    [Fact]
    public async Task Bench_completion_through_llama_server_runs_the_keystrokes_there_and_prints_the_peer_ratio()
    {
        var (exit, output) = await ServerProcess.RunAsync("bench", "completion", "--model", "F16=" + Path.Combine(llama.ModelsDirectory, llama.Trained + ".gguf"),
            "--server-url", llama.Url.ToString(), "--server-api-key", LlamaServerFixture.ApiKey,
            "--warmup", "2", "--keystrokes", "6", "--lines", "200", "--max-tokens", "8", "--interval-ms", "0", "--verify", "annotate");

        log.WriteLine(output);
        Assert.True(exit == 0, output);
        Assert.Contains($"llama-server at {llama.Url}", Regex.Replace(output, @"\s+", " ")); // the title wraps at the console's width
        Assert.Contains("peer ratio: end to end / llama-server's own time", output);
        Assert.DoesNotContain(LlamaServerFixture.ApiKey, output);
    }
}
