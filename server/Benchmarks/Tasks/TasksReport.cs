using System.Globalization;
using CodeAssist.Server.Reports;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Benchmarks.Tasks;

public sealed record TasksFormatSummary(
    string Label, string Sha256, string FileType, int Tasks, Proportion CompileRate, Proportion PassAt1, int TimedOut, int EqualsRewrites,
    IReadOnlyDictionary<string, int> TopErrors, int Computed);

public sealed record TasksResults(string Dataset, IReadOnlyList<TasksFormatSummary> Formats, IReadOnlyList<PairedComparison> Comparisons,
    IReadOnlyList<FormatTaskOutcomes> Outcomes);

public sealed record FormatTaskOutcomes(string Label, IReadOnlyList<TaskOutcome> Tasks);

/// <summary>Compile rate and pass@1 (greedy) per format with Wilson intervals; McNemar's exact test between every two formats.</summary>
public static class TasksReport
{
    public static TasksResults Summarize(string dataset, IReadOnlyList<FormatTaskResults> results)
    {
        var formats = results.Select(r => new TasksFormatSummary(
            r.Model.Label, r.Model.Sha256, r.Model.Fingerprint.FileTypeName, r.Outcomes.Count,
            Proportion.Wilson(r.Outcomes.Count(o => o.Compiled), r.Outcomes.Count),
            Proportion.Wilson(r.Outcomes.Count(o => o.Passed), r.Outcomes.Count),
            r.Outcomes.Count(o => o.Verdict == TaskVerdict.TimedOut),
            r.Outcomes.Sum(o => o.EqualsRewrites),
            r.Outcomes.SelectMany(o => o.Errors.Select(e => e.Split(':')[0]).Distinct())
                .GroupBy(id => id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5)
                .ToDictionary(g => g.Key, g => g.Count()),
            r.Computed)).ToArray();
        var comparisons = PairedComparison.AllPairs(
            results.Select(r => (r.Model.Label, r.Outcomes)).ToArray(), o => o.Task, o => o.Passed);
        return new TasksResults(dataset, formats, comparisons, results.Select(r => new FormatTaskOutcomes(r.Model.Label, r.Outcomes)).ToArray());
    }

    public static BenchReport Build(TasksResults results, IReadOnlyList<string> warnings)
    {
        var perFormat = new BenchTable("Per format (pass@1 is greedy)",
            ["Format", "SHA-256", "File type", "Tasks (n)", "Compile rate [95% CI]", "pass@1 [95% CI]", "Timed out", ".Equals rewritten", "Top compile errors (tasks)", "Evaluated now"],
            results.Formats.Select(f => (IReadOnlyList<string>)
            [
                f.Label, BenchText.Short(f.Sha256), f.FileType, Count(f.Tasks), BenchText.Rate(f.CompileRate), BenchText.Rate(f.PassAt1),
                Count(f.TimedOut), Count(f.EqualsRewrites),
                f.TopErrors.Count == 0 ? "-" : string.Join(", ", f.TopErrors.Select(e => $"{e.Key} {e.Value}")),
                Count(f.Computed),
            ]).ToArray());
        var paired = new BenchTable("Paired pass@1 (McNemar exact test on the same tasks)",
            ["A", "B", "only A / only B passes", "p", "Only A passes", "Only B passes"],
            results.Comparisons.Select(c => (IReadOnlyList<string>)
                [c.A, c.B, BenchText.Paired(c), BenchText.PValue(c.PValue), BenchText.Names(c.OnlyA), BenchText.Names(c.OnlyB)]).ToArray());
        return new BenchReport(
            "CodeAssist benchmark: MultiPL-E tasks",
            warnings,
            [$"Dataset {results.Dataset}. Program = prompt + completion (cut at the first stop token) + tests, compiled with Roslyn (DEBUG), run in a child process. " +
             "Rates carry Wilson 95% intervals; n is the number of tasks."],
            [perFormat, paired],
            [
                new BenchRateChart("Compile rate", results.Formats.Select(f => new BenchRate(f.Label, f.CompileRate)).ToArray()),
                new BenchRateChart("pass@1", results.Formats.Select(f => new BenchRate(f.Label, f.PassAt1)).ToArray()),
            ],
            results);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
