using System.Diagnostics;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using CodeAssist.Server.Refactoring;
using CodeAssist.Server.Tests.Refactoring;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Inference;

/// <summary>
/// Format switches in the middle of native work, with the real llama.cpp: a freed model used by a tokenization or a
/// decode killed the server with SIGSEGV or std::out_of_range (issue 12). A crash here ends the whole test run.
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class ModelSwapTests(DemoModelsFixture models, ITestOutputHelper output) : IDisposable
{
    private static readonly FimRequest Request = new("public int Add(int a, int b)\n{\n    return ", ";\n}\n");
    private readonly TempDirectory _scratch = new("swap");

    public void Dispose() => _scratch.Dispose();

    private ModelRegistrySettings Format(string format, uint contextSize = 512) => new(
        new Dictionary<string, string>
        {
            ["Q8_0"] = models.Get("qwen3moe", "Q8_0").Path,
            ["MXFP4_MOE"] = models.Get("qwen3moe", "MXFP4_MOE").Path,
        },
        format,
        TestHost.Settings with { ContextSize = contextSize });

    [Fact]
    public async Task Unloading_waits_for_a_lease_and_refuses_new_ones()
    {
        var host = await ModelHost.LoadAsync(models.Get("llama", "Q8_0").Path, TestHost.Settings);
        var lease = host.Lease();
        var unloading = host.DisposeAsync().AsTask();
        await Task.Delay(200);

        Assert.False(unloading.IsCompleted);
        Assert.Throws<ModelUnloadedException>(() => host.Tokenize("int x;"));
        lease.Dispose();
        await unloading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_generation_caught_by_an_unload_stops_early_and_says_so()
    {
        var host = await ModelHost.LoadAsync(models.Get("llama", "Q8_0").Path, TestHost.Settings);
        var started = new TaskCompletionSource();
        var generating = host.CompleteAsync(Request, new GenerationOptions { MaxTokens = 400, StopAtEndOfGeneration = false }, _ => started.TrySetResult());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.DisposeAsync();

        await Assert.ThrowsAsync<ModelUnloadedException>(() => generating);
    }

    [Fact]
    public async Task Switching_formats_while_completing_and_tokenizing_never_crashes_and_every_request_ends()
    {
        await using var registry = new ModelRegistry(new ModelFingerprinter(_scratch.File("sha")));
        await registry.ApplyAsync(Format("Q8_0"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var (completed, tokenized, unavailable) = (0, 0, 0);

        async Task CompleteLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // A new prefix each time, so the tokenizer (not its cache) runs natively on every request.
                    var request = Request with { Prefix = $"// {Random.Shared.Next()}\n" + Request.Prefix };
                    await registry.CompleteAsync(request, new GenerationOptions { MaxTokens = 8, StopAtEndOfGeneration = false });
                    Interlocked.Increment(ref completed);
                }
                catch (ModelUnavailableException)
                {
                    Interlocked.Increment(ref unavailable);
                }
            }
        }

        async Task TokenizeLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    registry.TryGetModel(out _)?.Host.Tokenize($"public static int Sum{Random.Shared.Next()}(IEnumerable<int> values) => values.Sum();");
                    Interlocked.Increment(ref tokenized);
                }
                catch (ModelUnloadedException)
                {
                    // The model this call saw is being unloaded: the caller falls back, as SuggestionService does.
                }
                await Task.Yield();
            }
        }

        var clock = Stopwatch.StartNew();
        var switching = Task.Run(() => SwitchFormatsAsync(registry, stop.Token));
        await Task.WhenAll(Task.Run(CompleteLoopAsync), Task.Run(CompleteLoopAsync), Task.Run(TokenizeLoopAsync), switching)
            .WaitAsync(TimeSpan.FromSeconds(60));
        var switches = await switching;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {switches} switches, {completed} completions, {tokenized} tokenizations, {unavailable} unavailable");

        Assert.True(switches >= 10, $"only {switches} switches");
        Assert.True(completed >= 10, $"only {completed} completions");
        Assert.Equal(ModelState.Ready, registry.Status.State);
    }

    /// <summary>Room for the refactor prompt of the scenario (RefactoringModelTests loads with as much).</summary>
    private const uint RefactorContext = 8192;

    [Fact]
    public async Task Switching_formats_while_refactoring_ends_every_refactor_with_an_edit_or_a_clear_failure()
    {
        await using var registry = new ModelRegistry(new ModelFingerprinter(_scratch.File("sha")));
        await registry.ApplyAsync(Format("Q8_0", RefactorContext));
        var model = new InProcessModel(registry);
        var options = new GenerationOptions { MaxTokens = 48, StopAtEndOfGeneration = false };
        using var scenario = new RefactoringScenario();
        using var stop = new CancellationTokenSource();
        var switching = Task.Run(() => SwitchFormatsAsync(registry, stop.Token, RefactorContext));

        var clock = Stopwatch.StartNew();
        var results = new List<RefactorResult>();
        while (clock.Elapsed < TimeSpan.FromSeconds(8) || results.Count < 3)
            results.Add(await scenario.Engine((prompt, onText, token) => model.ChatAsync(prompt.Messages, options, onText, token)).ResolveAsync(scenario.Document, RefactoringModelTests.SumMember(scenario)).WaitAsync(TimeSpan.FromSeconds(60)));
        await stop.CancelAsync();
        var switches = await switching.WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"{switches} switches, {results.Count} refactors: " +
                         string.Join(", ", results.GroupBy(r => r.Succeeded ? r.VerdictName : r.Failure).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.True(switches >= 10, $"only {switches} switches");
        // The model ran, or was switched away under the running refactor: not only the checks before it.
        Assert.Contains(results, r => r.Generation > TimeSpan.Zero || r.Failure?.Contains("format was switched") == true);
        Assert.All(results, r => Assert.True(r.Succeeded ? r.Edits.Count > 0 : !string.IsNullOrWhiteSpace(r.Failure), r.VerdictName));
        Assert.Equal(ModelState.Ready, registry.Status.State);
    }

    [Fact]
    public async Task Switching_formats_while_quantizing_never_crashes_and_each_quantized_file_loads()
    {
        await using var registry = new ModelRegistry(new ModelFingerprinter(_scratch.File("sha")));
        await registry.ApplyAsync(Format("Q8_0"));
        using var stop = new CancellationTokenSource();
        var switching = Task.Run(() => SwitchFormatsAsync(registry, stop.Token));

        var quantized = new Dictionary<string, string>();
        foreach (var format in new[] { "Q4_K_M", "Q6_K", "MXFP4_MOE", "Q8_0" })
        {
            var destination = _scratch.File($"quantized-{format}.gguf");
            await Task.Run(() => GgufQuantizer.Quantize(models.Get("qwen3moe", "F16").Path, destination, format)).WaitAsync(TimeSpan.FromSeconds(60));
            quantized[format] = destination;
        }
        await stop.CancelAsync();
        var switches = await switching.WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"{switches} switches during {quantized.Count} quantizations");
        Assert.True(switches >= 2, $"only {switches} switches");
        foreach (var (format, path) in quantized)
        {
            var status = await registry.ApplyAsync(new ModelRegistrySettings(new Dictionary<string, string> { [format] = path }, format, TestHost.Settings));
            Assert.True(status.State == ModelState.Ready, $"{format}: {status.Error}");
        }
    }

    /// <summary>Switches between two formats, 20 to 80 ms apart, until <paramref name="stop"/>; returns how many times.</summary>
    private async Task<int> SwitchFormatsAsync(ModelRegistry registry, CancellationToken stop, uint contextSize = 512)
    {
        var formats = new[] { "MXFP4_MOE", "Q8_0" };
        var switches = 0;
        while (!stop.IsCancellationRequested)
        {
            await registry.ApplyAsync(Format(formats[switches % 2], contextSize));
            switches++;
            await Task.Delay(Random.Shared.Next(20, 80));
        }
        return switches;
    }

    [Theory]
    [InlineData("nul")]
    [InlineData("directory")]
    [InlineData("fifo")]
    public async Task A_path_that_is_no_file_gives_a_clear_load_error_at_once(string kind)
    {
        var path = kind switch
        {
            "nul" => _scratch.File("model\0.gguf"),
            "directory" => Directory.CreateDirectory(_scratch.File("models.gguf")).FullName,
            _ => MakeFifo(_scratch.File("pipe.gguf")),
        };
        await using var registry = new ModelRegistry(new ModelFingerprinter(_scratch.File("sha")));
        var status = await registry.ApplyAsync(new ModelRegistrySettings(new Dictionary<string, string> { ["X"] = path }, "X", TestHost.Settings))
            .WaitAsync(TimeSpan.FromSeconds(20));

        output.WriteLine(status.Error);
        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains(kind switch { "nul" => "NUL character", "directory" => "is a directory", _ => "is a fifo" }, status.Error);
        Assert.Equal(ModelState.Ready, (await registry.ApplyAsync(Format("Q8_0"))).State);
    }

    private static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
