using CodeAssist.Benchmarks;
using CodeAssist.Benchmarks.Kld;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Inference;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Benchmarks;

[Collection(DemoModelsCollection.Name)]
public sealed class KldBenchmarkTests(DemoModelsFixture demo, ITestOutputHelper output) : IDisposable
{
    private static readonly KldCorpus Corpus = KldCorpus.Load(Path.Combine(Mbpp.RepositoryRoot, "server", "Inference", "InferenceSession.cs"));
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task A_model_against_itself_has_zero_divergence()
    {
        var reference = await ModelAsync("F16");

        var scores = await Benchmark().RunAsync(reference, [reference], Corpus, maxChunks: 1);

        var summary = KldReport.Summarize(Assert.Single(scores));
        Assert.Equal(0, summary.MaxKld);
        Assert.Equal(0, summary.MeanKld);
        Assert.Equal(1.0, summary.SameTop1.Rate);
        Assert.Equal(127, summary.Tokens);
    }

    [Fact]
    public async Task More_bits_stay_closer_to_the_reference_and_a_rerun_is_identical_and_free()
    {
        var reference = await ModelAsync("F16");
        IReadOnlyList<BenchModel> formats = [await ModelAsync("Q8_0"), await ModelAsync("Q6_K"), await ModelAsync("Q4_K_M")];
        var benchmark = Benchmark();

        var first = await benchmark.RunAsync(reference, formats, Corpus, maxChunks: 2);
        var rerun = await benchmark.RunAsync(reference, formats, Corpus, maxChunks: 2);

        var summaries = first.Select(KldReport.Summarize).ToArray();
        foreach (var summary in summaries)
            output.WriteLine($"{summary.Label}: mean KLD {summary.MeanKld:0.000000} over n={summary.Tokens}, same top-1 {summary.SameTop1.Rate:P1}");
        Assert.True(summaries[0].MeanKld < summaries[1].MeanKld, "Q8_0 < Q6_K");
        Assert.True(summaries[1].MeanKld < summaries[2].MeanKld, "Q6_K < Q4_K_M");
        Assert.All(rerun, r => Assert.Equal(0, r.Computed));
        Assert.Equal(summaries.Select(s => s with { Computed = 0 }), rerun.Select(KldReport.Summarize).Select(s => s with { Computed = 0 }));
        var report = KldReport.Build(KldReport.Summarize("demo-F16", Corpus.Source, 256, first), BenchModels.WarningsFor(formats));
        Assert.Contains("DEMO MODELS", report.ToHtml());
    }

    public void Dispose() => _folder.Dispose();

    private KldBenchmark Benchmark() =>
        new(TestHost.Settings with { ContextSize = 256 }, new BenchResultStore(Path.Combine(_folder.Path, "bench.db")), Path.Combine(_folder.Path, "cache"));

    private async Task<BenchModel> ModelAsync(string format)
    {
        var model = demo.Get("llama", format);
        var fingerprint = await new ModelFingerprinter(Path.Combine(_folder.Path, "sha")).ComputeAsync(model.Path);
        return new BenchModel($"demo-{format}", model.Path, fingerprint, IsDemo: true);
    }
}
