using System.Globalization;
using CodeAssist.Server.Reports;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Benchmarks.Kld;

public sealed record KldFormatSummary(
    string Label, string Sha256, string FileType, int Tokens, double Perplexity, double MeanKld, double MedianKld, double P99Kld, double MaxKld,
    Proportion SameTop1, int Computed);

public sealed record KldResults(string Reference, string Corpus, int ContextSize, IReadOnlyList<KldFormatSummary> Formats);

/// <summary>Perplexity and the KL-divergence distribution per format against the reference; n is the number of scored tokens.</summary>
public static class KldReport
{
    public static KldResults Summarize(string reference, string corpus, int contextSize, IReadOnlyList<KldFormatScores> scores) =>
        new(reference, corpus, contextSize, scores.Select(Summarize).ToArray());

    public static KldFormatSummary Summarize(KldFormatScores scores)
    {
        var kld = scores.Chunks.SelectMany(c => c.Kld).ToArray();
        var nll = scores.Chunks.SelectMany(c => c.Nll).ToArray();
        var same = scores.Chunks.SelectMany(c => c.SameTop1).ToArray();
        return new KldFormatSummary(
            scores.Model.Label, scores.Model.Sha256, scores.Model.Fingerprint.FileTypeName, kld.Length,
            Math.Exp(nll.Average()), kld.Average(), Percentile.Of(kld, 50)!.Value, Percentile.Of(kld, 99)!.Value, kld.Max(),
            Proportion.Wilson(same.Count(s => s), same.Length), scores.Computed);
    }

    public static BenchReport Build(KldResults results, IReadOnlyList<string> warnings)
    {
        var table = new BenchTable($"Agreement with {results.Reference}",
            ["Format", "SHA-256", "File type", "Tokens (n)", "PPL", "Mean KLD", "Median KLD", "p99 KLD", "Max KLD", "Same top-1 [95% CI]", "Chunks evaluated now"],
            results.Formats.Select(f => (IReadOnlyList<string>)
            [
                f.Label, BenchText.Short(f.Sha256), f.FileType, f.Tokens.ToString(CultureInfo.InvariantCulture), BenchText.Number(f.Perplexity, "0.00"),
                BenchText.Number(f.MeanKld, "0.000000"), BenchText.Number(f.MedianKld, "0.000000"), BenchText.Number(f.P99Kld, "0.000000"),
                BenchText.Number(f.MaxKld, "0.000000"), BenchText.Rate(f.SameTop1), f.Computed.ToString(CultureInfo.InvariantCulture),
            ]).ToArray());
        return new BenchReport(
            "CodeAssist benchmark: KL divergence",
            warnings,
            [$"Corpus {results.Corpus}, chunks of {results.ContextSize} tokens each evaluated from an empty cache, the second half of each chunk scored " +
             "(as llama-perplexity --kl-divergence). KLD in nats per token; n is the number of scored tokens."],
            [table],
            [new BenchRateChart($"Same top-1 token as {results.Reference}", results.Formats.Select(f => new BenchRate(f.Label, f.SameTop1)).ToArray())],
            results);
    }
}
