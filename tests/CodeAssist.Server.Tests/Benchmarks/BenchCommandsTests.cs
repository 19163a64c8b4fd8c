using System.CommandLine;
using System.Text.Json;
using CodeAssist.Benchmarks.Fim;
using CodeAssist.Benchmarks.Kld;
using CodeAssist.Benchmarks.Speed;
using CodeAssist.Benchmarks.Tasks;
using CodeAssist.Tests.Shared;
using Spectre.Console;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>The verbs end to end on the tiny demo models, one llama.cpp thread, small sizes.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class BenchCommandsTests(DemoModelsFixture demo, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Tasks_twice_from_scratch_gives_identical_results_and_writes_json_and_html()
    {
        string[] Arguments(string run) =>
        [
            "--dataset", Mbpp.DatasetPath, "--limit", "2", "--max-tokens", "16", "--threads", "1", "--context", "1024",
            "--model", $"demo-Q8_0={demo.Get("qwen3moe", "Q8_0").Path}", "--model", $"demo-Q4_K_M={demo.Get("qwen3moe", "Q4_K_M").Path}",
            "--db", Path.Combine(_folder.Path, $"{run}.db"), "--json", Path.Combine(_folder.Path, $"{run}.json"), "--html", Path.Combine(_folder.Path, $"{run}.html"),
        ];

        var (firstExit, printed) = await InvokeAsync(BenchTasksCommand.Create, Arguments("first"));
        var (secondExit, _) = await InvokeAsync(BenchTasksCommand.Create, Arguments("second"));

        Assert.Equal((0, 0), (firstExit, secondExit));
        Assert.Contains("pass@1", printed);
        Assert.Contains("DEMO MODELS", printed);
        Assert.Contains("n=2", printed);
        Assert.Equal(Outcomes("first.json"), Outcomes("second.json"));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(_folder.Path, "first.html")));
    }

    [Fact]
    public async Task Kld_prints_the_divergence_of_each_format()
    {
        var corpus = Path.Combine(Mbpp.RepositoryRoot, "server", "Inference", "InferenceSession.cs");
        var (exit, printed) = await InvokeAsync(BenchKldCommand.Create,
        [
            "--reference", "F16", "--model", $"F16={demo.Get("llama", "F16").Path}", "--model", $"Q6_K={demo.Get("llama", "Q6_K").Path}",
            "--corpus", corpus, "--context", "256", "--chunks", "1", "--threads", "1", "--db", Path.Combine(_folder.Path, "bench.db"),
            "--json", Path.Combine(_folder.Path, "kld.json"),
        ]);

        Assert.Equal(0, exit);
        Assert.Contains("Mean KLD", printed);
        Assert.Contains("n=127", printed);
        Assert.Contains("\"meanKld\"", await File.ReadAllTextAsync(Path.Combine(_folder.Path, "kld.json")));
    }

    [Fact]
    public async Task Kld_refuses_a_reference_that_is_not_a_model()
    {
        var (exit, printed) = await InvokeAsync(BenchKldCommand.Create,
            ["--reference", "BF16", "--model", $"F16={demo.Get("llama", "F16").Path}", "--corpus", Mbpp.DatasetPath, "--db", Path.Combine(_folder.Path, "bench.db")]);

        Assert.Equal(2, exit);
        Assert.Contains("--reference must name one of", printed);
    }

    [Fact]
    public async Task Speed_prints_a_row_per_format_and_prompt_length()
    {
        var (exit, printed) = await InvokeAsync(BenchSpeedCommand.Create,
        [
            "--model", $"Q8_0={demo.Get("llama", "Q8_0").Path}", "--prompt-lengths", "16", "32", "--tokens", "4", "--runs", "1",
            "--context", "256", "--threads", "1",
        ]);

        Assert.Equal(0, exit);
        Assert.Contains("Peak RSS", printed);
        Assert.Contains("Q8_0", printed);
        Assert.Contains("32", printed);
    }

    [Fact]
    public async Task Fim_prints_exact_match_and_verdicts()
    {
        var repo = Path.Combine(_folder.Path, "repo");
        Directory.CreateDirectory(repo);
        await File.WriteAllTextAsync(Path.Combine(repo, "Counter.cs"), """
            public sealed class Counter
            {
                private int _count;
                public void Increment() { _count = _count + 1; }
                public int Value() { return _count; }
            }
            """);
        var (exit, printed) = await InvokeAsync(BenchFimCommand.Create,
        [
            "--repo", repo, "--samples", "2", "--no-msbuild", "--max-tokens", "8", "--context", "512", "--threads", "1",
            "--model", $"demo-Q8_0={demo.Get("qwen3moe", "Q8_0").Path}", "--db", Path.Combine(_folder.Path, "bench.db"),
        ]);

        Assert.Equal(0, exit);
        Assert.Contains("Exact match", printed);
        Assert.Contains("n=2", printed);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<(int Exit, string Printed)> InvokeAsync(Func<IAnsiConsole, Command> create, string[] arguments)
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(written), ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 250;
        var errors = new StringWriter();
        var exit = await create(console).Parse([.. arguments, "--backend", "cpu"]).InvokeAsync(new InvocationConfiguration { Error = errors });
        output.WriteLine(written.ToString());
        output.WriteLine(errors.ToString());
        return (exit, written + errors.ToString());
    }

    private string Outcomes(string jsonFile)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Path, jsonFile)));
        return json.RootElement.GetProperty("results").GetProperty("outcomes").GetRawText();
    }
}
