using System.Globalization;
using CodeAssist.Server.Reports;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Benchmarks.Fim;

public sealed record FimFormatSummary(
    string Label, string Sha256, string FileType, int Samples, Proportion ExactMatch, double MeanEditSimilarity, Proportion Compiles,
    IReadOnlyDictionary<string, int> Verdicts, int Computed);

public sealed record FimResults(string Repository, int Seed, IReadOnlyList<FimFormatSummary> Formats,
    IReadOnlyList<PairedComparison> ExactMatchComparisons, IReadOnlyList<PairedComparison> CompileComparisons, IReadOnlyList<FormatFimOutcomes> Outcomes);

public sealed record FormatFimOutcomes(string Label, IReadOnlyList<FimOutcome> Samples);

public static class FimReport
{
    public static FimResults Summarize(string repository, int seed, IReadOnlyList<FormatFimResults> results)
    {
        var formats = results.Select(r => new FimFormatSummary(
            r.Model.Label, r.Model.Sha256, r.Model.Fingerprint.FileTypeName, r.Outcomes.Count,
            Proportion.Wilson(r.Outcomes.Count(o => o.ExactMatch), r.Outcomes.Count),
            r.Outcomes.Count == 0 ? 0 : r.Outcomes.Average(o => o.EditSimilarity),
            Proportion.Wilson(r.Outcomes.Count(o => o.Compiles), r.Outcomes.Count),
            r.Outcomes.GroupBy(o => o.Verdict).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            r.Computed)).ToArray();
        var paired = results.Select(r => (r.Model.Label, r.Outcomes)).ToArray();
        return new FimResults(repository, seed, formats,
            PairedComparison.AllPairs(paired, o => o.Sample, o => o.ExactMatch),
            PairedComparison.AllPairs(paired, o => o.Sample, o => o.Compiles),
            results.Select(r => new FormatFimOutcomes(r.Model.Label, r.Outcomes)).ToArray());
    }

    public static BenchReport Build(FimResults results, IReadOnlyList<string> warnings)
    {
        var perFormat = new BenchTable("Per format",
            ["Format", "SHA-256", "File type", "Spans (n)", "Exact match [95% CI]", "Mean edit similarity (n)", "Compiles [95% CI]", "Verdicts", "Evaluated now"],
            results.Formats.Select(f => (IReadOnlyList<string>)
            [
                f.Label, BenchText.Short(f.Sha256), f.FileType, Count(f.Samples), BenchText.Rate(f.ExactMatch),
                $"{BenchText.Number(f.MeanEditSimilarity)} (n={f.Samples})", BenchText.Rate(f.Compiles),
                string.Join(", ", f.Verdicts.Select(v => $"{v.Key} {v.Value}")), Count(f.Computed),
            ]).ToArray());
        return new BenchReport(
            "CodeAssist benchmark: fill-in-the-middle",
            warnings,
            [$"Repository {results.Repository}, seed {results.Seed}. Spans at syntax boundaries (statement, expression, block body) masked and completed " +
             "with the model's FIM template; exact match after trimming whitespace; verdicts from the live verifier. n is the number of spans."],
            [perFormat, PairedTable("Paired exact match (McNemar exact test)", results.ExactMatchComparisons),
             PairedTable("Paired compiles (McNemar exact test)", results.CompileComparisons)],
            [
                new BenchRateChart("Exact match", results.Formats.Select(f => new BenchRate(f.Label, f.ExactMatch)).ToArray()),
                new BenchRateChart("Compiles", results.Formats.Select(f => new BenchRate(f.Label, f.Compiles)).ToArray()),
            ],
            results);
    }

    private static BenchTable PairedTable(string title, IReadOnlyList<PairedComparison> comparisons) =>
        new(title, ["A", "B", "only A / only B", "p", "Only A", "Only B"],
            comparisons.Select(c => (IReadOnlyList<string>)
                [c.A, c.B, BenchText.Paired(c), BenchText.PValue(c.PValue), BenchText.Names(c.OnlyA, 3), BenchText.Names(c.OnlyB, 3)]).ToArray());

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
