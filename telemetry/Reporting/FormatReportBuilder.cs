using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Statistics;
using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Reporting;

/// <summary>
/// Builds the <see cref="FormatReport"/> from stored events. A suggestion belongs to the format, language and trigger
/// kind of its suggestion_shown event; the later events are joined to it by (session id, suggestion id).
/// </summary>
public static class FormatReportBuilder
{
    public const int DefaultMinSampleSize = 10;
    private const string Unknown = "unknown";

    public static FormatReport FromDatabase(string databasePath, bool isDemo = false, int minSampleSize = DefaultMinSampleSize) =>
        Build(TelemetryDatabase.Read(databasePath, EventFilter.All), isDemo, minSampleSize, DateTimeOffset.UtcNow);

    public static FormatReport Build(IReadOnlyList<EventRow> rows, bool isDemo, int minSampleSize, DateTimeOffset generatedAt)
    {
        var outcomes = new Outcomes(rows);
        var shown = rows.Where(row => row.Kind == EventKinds.SuggestionShown && row.SuggestionId is not null).ToArray();
        var formats = SummarizeByFormat(shown, outcomes, minSampleSize);
        return new FormatReport(
            generatedAt,
            isDemo,
            minSampleSize,
            formats,
            Compare(formats, minSampleSize),
            new ReportSplits(
                Split(shown, row => row.Language, outcomes, minSampleSize),
                Split(shown, row => row.TriggerKind, outcomes, minSampleSize)));
    }

    private static IReadOnlyList<FormatSummary> SummarizeByFormat(IEnumerable<EventRow> shown, Outcomes outcomes, int minSampleSize)
    {
        var groups = shown
            .GroupBy(row => (Label: row.FormatLabel ?? Unknown, Sha256: row.FormatSha256 ?? ""))
            .OrderBy(group => group.Key.Label, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Sha256, StringComparer.Ordinal)
            .ToArray();
        var ambiguousLabels = groups.GroupBy(group => group.Key.Label).Where(same => same.Count() > 1).Select(same => same.Key).ToHashSet();
        return groups
            .Select(group => Summarize(
                ambiguousLabels.Contains(group.Key.Label) ? $"{group.Key.Label} ({group.Key.Sha256[..Math.Min(8, group.Key.Sha256.Length)]})" : group.Key.Label,
                group.Key.Sha256, group.ToArray(), outcomes, minSampleSize))
            .ToArray();
    }

    private static FormatSummary Summarize(string label, string sha256, IReadOnlyList<EventRow> shown, Outcomes outcomes, int minSampleSize)
    {
        var accepted = shown.Where(outcomes.WasAccepted).ToArray();
        var built = accepted.Select(outcomes.LatestBuild).OfType<EventRow>().ToArray();
        var firstToken = shown.Select(row => row.FirstTokenMs).OfType<double>().ToArray();
        var total = shown.Select(row => row.TotalMs).OfType<double>().ToArray();
        var survival = CheckpointLabels.Survival.ToDictionary(
            checkpoint => checkpoint.Label(),
            checkpoint => accepted.Select(row => outcomes.SurvivalAt(row, checkpoint.Label())).OfType<double>().ToArray());
        var generating = shown.Where(row => row.GenerationMs > 0 && row.GeneratedTokens > 0).ToArray();
        return new FormatSummary
        {
            Label = label,
            Sha256 = sha256,
            FileType = shown.Select(row => row.FileType).FirstOrDefault(value => value is not null),
            Architecture = shown.Select(row => row.Architecture).FirstOrDefault(value => value is not null),
            Shown = shown.Count,
            Accepted = accepted.Length,
            Acceptance = Proportion.Wilson(accepted.Length, shown.Count),
            BuildSuccess = Proportion.Wilson(built.Count(IsBuildSuccess), built.Length),
            Verdicts = shown.GroupBy(row => row.Verdict ?? Unknown).OrderBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count()),
            Survival = survival.ToDictionary(pair => pair.Key, pair => pair.Value.Length == 0 ? (double?)null : pair.Value.Average()),
            SurvivalN = survival.ToDictionary(pair => pair.Key, pair => pair.Value.Length),
            LatencyMs = new LatencySummary(
                Percentile.Of(firstToken, 50), Percentile.Of(firstToken, 95), Percentile.Of(total, 50), Percentile.Of(total, 95)),
            TokensPerSecond = generating.Length == 0
                ? null
                : generating.Sum(row => row.GeneratedTokens!.Value) / (generating.Sum(row => row.GenerationMs!.Value) / 1000),
            EnoughData = shown.Count >= minSampleSize,
            FirstTokenSamples = firstToken,
            TotalSamples = total,
        };
    }

    private static bool IsBuildSuccess(EventRow build) =>
        build.RegionHasErrors == false && build.NewDocumentErrors.GetValueOrDefault() == 0 && build.NewProjectErrors.GetValueOrDefault() == 0;

    private static IReadOnlyList<FormatComparison> Compare(IReadOnlyList<FormatSummary> formats, int minSampleSize)
    {
        var comparisons = new List<FormatComparison>();
        for (var i = 0; i < formats.Count; i++)
            for (var j = i + 1; j < formats.Count; j++)
            {
                comparisons.Add(Compare(formats[i], formats[j], "acceptance", summary => summary.Acceptance, minSampleSize));
                comparisons.Add(Compare(formats[i], formats[j], "buildSuccess", summary => summary.BuildSuccess, minSampleSize));
            }
        return comparisons;
    }

    private static FormatComparison Compare(
        FormatSummary a, FormatSummary b, string metric, Func<FormatSummary, Proportion> select, int minSampleSize)
    {
        var (pa, pb) = (select(a), select(b));
        var result = ProportionComparison.Compare(pa.Successes, pa.N, pb.Successes, pb.N);
        return new FormatComparison(
            a.Label, b.Label, metric, result?.Difference, result?.Low, result?.High, result?.PValue, result?.Test,
            pa.N >= minSampleSize && pb.N >= minSampleSize);
    }

    private static IReadOnlyList<SplitGroup> Split(
        IEnumerable<EventRow> shown, Func<EventRow, string?> key, Outcomes outcomes, int minSampleSize) =>
        shown.GroupBy(row => key(row) ?? Unknown)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new SplitGroup(group.Key, SummarizeByFormat(group, outcomes, minSampleSize)))
            .ToArray();

    /// <summary>What happened to each suggestion after it was shown, keyed by (session id, suggestion id).</summary>
    private sealed class Outcomes
    {
        private readonly HashSet<(string, string)> _accepted = [];
        private readonly Dictionary<(string, string), EventRow> _latestBuild = [];
        private readonly Dictionary<(string, string, string), double> _survival = [];

        public Outcomes(IEnumerable<EventRow> rows)
        {
            foreach (var row in rows.Where(row => row.SuggestionId is not null).OrderBy(row => row.Timestamp).ThenBy(row => row.Id))
            {
                var key = Key(row);
                switch (row.Kind)
                {
                    case EventKinds.SuggestionAccepted:
                        _accepted.Add(key);
                        break;
                    case EventKinds.BuildResult:
                        _latestBuild[key] = row;
                        break;
                    case EventKinds.Survival when row.Checkpoint is not null && row.SurvivalFraction is not null:
                        _survival[(key.Item1, key.Item2, row.Checkpoint)] = row.SurvivalFraction.Value;
                        break;
                }
            }
        }

        public bool WasAccepted(EventRow shown) => _accepted.Contains(Key(shown));

        public EventRow? LatestBuild(EventRow shown) => _latestBuild.GetValueOrDefault(Key(shown));

        public double? SurvivalAt(EventRow shown, string checkpoint) =>
            _survival.TryGetValue((shown.SessionId, shown.SuggestionId!, checkpoint), out var fraction) ? fraction : null;

        private static (string, string) Key(EventRow row) => (row.SessionId, row.SuggestionId!);
    }
}
