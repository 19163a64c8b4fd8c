using CodeAssist.Benchmarks.Models;
using CodeAssist.Server.Tests.Inference;
using CodeAssist.Tests.Shared;
using Spectre.Console;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Benchmarks;

[Collection(DemoModelsCollection.Name)]
public sealed class BenchModelsCommandTests(DemoModelsFixture models, ITestOutputHelper output)
{
    [Fact]
    public async Task Bench_models_prints_a_row_per_demo_model()
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(written), ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        var command = BenchModelsCommand.Create(console);

        var exitCode = await command.Parse(["--models-dir", models.Directory, "--threads", "1",
            "--prompt-tokens", "32", "--tokens", "8", "--runs", "1"]).InvokeAsync();

        output.WriteLine(written.ToString());
        Assert.Equal(0, exitCode);
        Assert.Contains("ours/bare", written.ToString());
        foreach (var model in models.Models)
            Assert.Contains(Path.GetFileName(model.Path), written.ToString());
    }

    [Fact]
    public async Task Each_row_has_positive_speeds()
    {
        var rows = await ModelBenchmark.RunAsync([models.Get("llama", "Q8_0")], TestHost.Settings, promptTokens: 32, generatedTokens: 8, runs: 1);
        var row = Assert.Single(rows);
        Assert.True(row.LoadMs > 0 && row.PromptTokensPerSecond > 0 && row.GeneratedTokensPerSecond > 0 && row.BareGeneratedTokensPerSecond > 0);
        Assert.Equal(8, row.GeneratedTokens);
        Assert.True(row.FirstTokenMs > 0 && row.OursOverBare > 0);
    }
}
