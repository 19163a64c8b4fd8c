using CodeAssist.Server.Logging;
using CodeAssist.Tests.Shared;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class ModelRegistryTests(DemoModelsFixture models, ITestOutputHelper output) : IDisposable
{
    private static readonly GenerationOptions FourTokens = new() { MaxTokens = 4, StopAtEndOfGeneration = false };
    private static readonly FimRequest Request = new("int Add(int a, int b) => ", ";");

    // A fingerprint may still be written in the background when a test ends; TempDirectory tolerates that.
    private readonly TempDirectory _directory = new("registry");

    public void Dispose() => _directory.Dispose();

    private ModelRegistry NewRegistry() => new(new ModelFingerprinter(Path.Combine(_directory.Path, "fingerprints")));

    private ModelRegistrySettings Settings(string? active, params (string Label, string Path)[] entries) =>
        new(entries.ToDictionary(e => e.Label, e => e.Path), active, TestHost.Settings);

    private ModelRegistrySettings TwoFormats(string active) =>
        Settings(active, ("Q8_0", models.Get("llama", "Q8_0").Path), ("Q4_K_M", models.Get("llama", "Q4_K_M").Path));

    public static TheoryData<string> BadFiles => ["missing", "bad magic", "truncated", "unknown architecture"];

    private string MakeBadFile(string kind)
    {
        var path = Path.Combine(_directory.Path, kind.Replace(' ', '-') + ".gguf");
        switch (kind)
        {
            case "missing":
                break;
            case "bad magic":
                File.WriteAllText(path, "this is not a model, just text long enough to hold a header");
                break;
            case "truncated":
                var bytes = File.ReadAllBytes(models.Get("llama", "Q8_0").Path);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            default:
                new GgufWriter().Set("general.architecture", GgufMetadataValue.Of("no-such-arch")).Write(path);
                break;
        }
        return path;
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_gives_a_load_error_naming_file_and_cause(string kind)
    {
        var path = MakeBadFile(kind);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => ModelHost.LoadAsync(path, TestHost.Settings));
        output.WriteLine(error.Message);
        Assert.Equal(Path.GetFullPath(path), Path.GetFullPath(error.FilePath));
        Assert.Contains(path, error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Cause));
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task After_a_bad_file_the_registry_is_off_and_recovers_with_a_valid_one(string kind)
    {
        await using var registry = NewRegistry();
        var status = await registry.ApplyAsync(Settings("bad", ("bad", MakeBadFile(kind))));

        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains(".gguf", status.Error);
        var unavailable = await Assert.ThrowsAsync<ModelUnavailableException>(() => registry.WaitForModelAsync());
        Assert.Contains("Completions are off", unavailable.Message);

        Assert.Equal(ModelState.Ready, (await registry.ApplyAsync(TwoFormats("Q8_0"))).State);
        var (model, result) = await registry.CompleteAsync(Request, FourTokens);
        Assert.Equal("Q8_0", model.Label);
        Assert.Equal(4, result.Timings.GeneratedTokens);
    }

    [Fact]
    public async Task A_label_without_a_path_is_a_clear_error()
    {
        await using var registry = NewRegistry();
        var status = await registry.ApplyAsync(Settings("UD-Q4_K_XL", ("Q8_0", models.Get("llama", "Q8_0").Path)));
        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("'UD-Q4_K_XL' has no GGUF path", status.Error);
        Assert.Contains("Q8_0", status.Error);
    }

    [Fact]
    public async Task Without_an_active_label_the_registry_is_off()
    {
        await using var registry = NewRegistry();
        Assert.Equal(ModelState.Off, (await registry.ApplyAsync(TwoFormats(""))).State);
        Assert.Null(registry.TryGetModel(out var status));
        Assert.Equal(ModelState.Off, status.State);
    }

    [Fact]
    public async Task Requests_during_a_load_see_the_loading_state_or_wait_for_the_model()
    {
        await using var registry = NewRegistry();
        var states = new List<ModelState>();
        registry.StatusChanged += s => states.Add(s.State);
        // The load is held at its first progress report, so the checks below run while it is certainly in flight
        // (a tiny model otherwise loads before the test thread looks, on a busy machine).
        var loadStarted = new TaskCompletionSource();
        using var releaseLoad = new ManualResetEventSlim();
        var holdAtStart = new SynchronousProgress<ModelLoadProgress>(p =>
        {
            if (p.Fraction != 0 || loadStarted.Task.IsCompleted)
                return;
            loadStarted.SetResult();
            releaseLoad.Wait();
        });

        var applying = Task.Run(() => registry.ApplyAsync(TwoFormats("Q8_0"), holdAtStart));
        await loadStarted.Task;
        var immediate = registry.TryGetModel(out var during);
        var waiting = registry.WaitForModelAsync();
        var waitedWhileLoading = !waiting.IsCompleted;
        releaseLoad.Set();
        var waited = await waiting;
        await applying;

        Assert.Null(immediate);
        Assert.Equal(ModelState.Loading, during.State);
        Assert.True(waitedWhileLoading);
        Assert.Equal("Q8_0", waited.Label);
        Assert.Equal([ModelState.Loading, ModelState.Ready], states);
    }

    [Fact]
    public async Task Switching_the_format_swaps_the_model_without_a_restart()
    {
        await using var registry = NewRegistry();
        var progress = new List<string>();
        var reporter = new SynchronousProgress<ModelLoadProgress>(p => progress.Add($"{p.Label}: {p.Message}"));

        await registry.ApplyAsync(TwoFormats("Q8_0"), reporter);
        var first = await registry.CompleteAsync(Request, FourTokens);
        await registry.ApplyAsync(TwoFormats("Q4_K_M"), reporter);
        var second = await registry.CompleteAsync(Request, FourTokens);

        Assert.Equal("Q8_0", first.Model.Label);
        Assert.Equal("Q4_K_M", second.Model.Label);
        Assert.Equal("Q4_K_M", registry.ActiveLabel);
        Assert.NotSame(first.Model.Host, second.Model.Host);
        Assert.Contains(progress, p => p.StartsWith("Q8_0: Unloading", StringComparison.Ordinal));
        Assert.Contains(progress, p => p.StartsWith("Q4_K_M: Loading", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ModelUnloadedException>(() => first.Model.Host.CompleteAsync(Request, FourTokens));

        var (q8, q4) = (await first.Model.Fingerprint, await second.Model.Fingerprint);
        output.WriteLine($"Q8_0 {q8.FileTypeName} {q8.BitsPerWeight:F2} bpw {q8.Sha256[..12]}; Q4_K_M {q4.FileTypeName} {q4.BitsPerWeight:F2} bpw {q4.Sha256[..12]}");
        Assert.NotEqual(q8.Sha256, q4.Sha256);
        Assert.True(q4.BitsPerWeight < q8.BitsPerWeight);
    }

    [Fact]
    public async Task Applying_the_same_settings_again_keeps_the_loaded_model()
    {
        await using var registry = NewRegistry();
        await registry.ApplyAsync(TwoFormats("Q8_0"));
        var before = await registry.WaitForModelAsync();
        await registry.ApplyAsync(TwoFormats("Q8_0"));
        Assert.Same(before, await registry.WaitForModelAsync());
    }

    [Fact]
    public async Task Resident_memory_stays_bounded_over_ten_swaps()
    {
        await using var registry = NewRegistry();
        await registry.ApplyAsync(TwoFormats("Q8_0"));
        await registry.CompleteAsync(Request, FourTokens);
        var before = ProcessMemory.ResidentBytes();

        for (var swap = 0; swap < 10; swap++)
        {
            await registry.ApplyAsync(TwoFormats(swap % 2 == 0 ? "Q4_K_M" : "Q8_0"));
            await registry.CompleteAsync(Request, FourTokens);
        }
        var after = ProcessMemory.ResidentBytes();

        output.WriteLine($"RSS before 10 swaps: {before / 1048576.0:F1} MiB, after: {after / 1048576.0:F1} MiB, delta {(after - before) / 1048576.0:F1} MiB");
        // Generous on purpose: the numbers go into the report, the bound only catches a leak of whole models and contexts.
        Assert.True(after - before < 256L * 1024 * 1024, "resident memory grew by more than 256 MiB over ten swaps");
    }

}
