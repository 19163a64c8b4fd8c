using CodeAssist.Benchmarks;
using CodeAssist.Benchmarks.Fim;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Inference;
using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeAssist.Server.Tests.Benchmarks;

[Collection(DemoModelsCollection.Name)]
public sealed class FimBenchmarkTests(DemoModelsFixture demo) : IDisposable
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;

        namespace Shop;

        public sealed class Basket
        {
            private readonly List<decimal> _prices = new();

            public void Add(decimal price)
            {
                if (price < 0)
                    throw new System.ArgumentOutOfRangeException(nameof(price));
                _prices.Add(price);
            }

            public decimal Total() => _prices.Sum();

            public int Count
            {
                get { return _prices.Count; }
            }
        }
        """;

    private readonly TempDirectory _repo = new();

    [Fact]
    public void Sampling_is_seeded_and_spans_sit_at_syntax_boundaries()
    {
        _repo.Write("src/Basket.cs", Source);
        _repo.Write("obj/Generated.cs", "class Ignored { void M() { var x = 1; } }");

        var first = FimSpanPicker.Pick(_repo.Path, 6, seed: 7);
        var again = FimSpanPicker.Pick(_repo.Path, 6, seed: 7);

        Assert.Equal(6, first.Count);
        Assert.Equal(first, again);
        Assert.All(first, sample => Assert.Equal(Path.Combine("src", "Basket.cs"), sample.File));
        Assert.All(first, sample => Assert.Equal(Source.Substring(sample.Start, sample.Length), sample.Expected));
        Assert.All(first.Where(s => s.Kind == FimSpanKind.Expression), s => Assert.Empty(SyntaxFactory.ParseExpression(s.Expected).GetDiagnostics()));
        Assert.All(first.Where(s => s.Kind == FimSpanKind.Statement), s => Assert.Empty(SyntaxFactory.ParseStatement(s.Expected).GetDiagnostics()));
        Assert.NotEqual(first.Select(s => s.Id), FimSpanPicker.Pick(_repo.Path, 6, seed: 8).Select(s => s.Id));
    }

    [Theory]
    [InlineData("abc", "abc", 1.0)]
    [InlineData("", "", 1.0)]
    [InlineData("kitten", "sitting", 1 - 3 / 7.0)]
    [InlineData("abc", "", 0.0)]
    public void Edit_similarity_is_one_minus_the_normalised_levenshtein_distance(string a, string b, double expected) =>
        Assert.Equal(expected, EditSimilarity.Of(a, b), 12);

    [Fact]
    public async Task Each_span_gets_a_completion_scores_and_a_verdict_and_a_rerun_is_free()
    {
        _repo.Write("Basket.cs", Source);
        var samples = FimSpanPicker.Pick(_repo.Path, 3, seed: 1);
        var model = demo.Get("qwen3moe", "Q8_0");
        var benchModel = new BenchModel("demo-Q8_0", model.Path,
            await new ModelFingerprinter(Path.Combine(_repo.Path, ".sha")).ComputeAsync(model.Path), IsDemo: true);
        using var store = new BenchResultStore(Path.Combine(_repo.Path, ".bench.db"));
        using var workspace = RoslynWorkspaceHost.Open(_repo.Path, useMsBuild: false);
        var benchmark = new FimBenchmark(TestHost.Settings, store, workspace, maxTokens: 12, TimeSpan.FromSeconds(20));

        var first = await benchmark.RunAsync([benchModel], samples);
        var rerun = await benchmark.RunAsync([benchModel], samples);

        var outcomes = Assert.Single(first).Outcomes;
        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.InRange(o.EditSimilarity, 0, 1));
        Assert.All(outcomes, o => Assert.NotEqual("unchecked", o.Verdict));
        Assert.Equal(0, rerun[0].Computed);
        Assert.Equal(outcomes.Select(o => (o.Sample, o.Completion, o.Verdict)), rerun[0].Outcomes.Select(o => (o.Sample, o.Completion, o.Verdict)));
        var summary = FimReport.Summarize(_repo.Path, 1, first);
        Assert.Equal(3, summary.Formats[0].Compiles.N);
        Assert.Contains("n=3", FimReport.Build(summary, BenchModels.WarningsFor([benchModel])).ToHtml());
    }

    public void Dispose() => _repo.Dispose();
}
