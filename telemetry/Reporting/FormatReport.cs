using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Reporting;

/// <summary>
/// The per-format report. Its JSON (camelCase) is a contract: the VS Code extension renders exactly this shape.
/// </summary>
public sealed record FormatReport(
    DateTimeOffset GeneratedAt,
    bool IsDemo,
    int MinSampleSize,
    IReadOnlyList<FormatSummary> Formats,
    IReadOnlyList<FormatComparison> Comparisons,
    ReportSplits Splits)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The report as a JSON object, for the <c>codeassist.formatReport</c> LSP command.</summary>
    public JsonObject ToJsonObject() => JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
}

/// <summary>
/// One format (label + file fingerprint). Counts are of suggestions; rates carry Wilson 95% intervals. Survival values are
/// means over the accepted suggestions measured at that checkpoint (keys "30s", "2m", "10m"), with their counts in
/// <see cref="SurvivalN"/>.
/// </summary>
public sealed record FormatSummary
{
    public required string Label { get; init; }
    public required string Sha256 { get; init; }
    public string? FileType { get; init; }
    public string? Architecture { get; init; }
    public int Shown { get; init; }
    public int Accepted { get; init; }
    public required Proportion Acceptance { get; init; }
    /// <summary>Accepted suggestions whose latest build result shows a clean region and no new errors.</summary>
    public required Proportion BuildSuccess { get; init; }
    public required IReadOnlyDictionary<string, int> Verdicts { get; init; }
    public required IReadOnlyDictionary<string, double?> Survival { get; init; }
    public required IReadOnlyDictionary<string, int> SurvivalN { get; init; }
    public required LatencySummary LatencyMs { get; init; }
    public double? TokensPerSecond { get; init; }
    /// <summary>False below the report's minimum sample size: rates are shown as "not enough data".</summary>
    public bool EnoughData { get; init; }

    /// <summary>Raw latencies for the HTML distribution charts; not part of the JSON.</summary>
    internal IReadOnlyList<double> FirstTokenSamples { get; init; } = [];
    internal IReadOnlyList<double> TotalSamples { get; init; } = [];
}

public sealed record LatencySummary(double? FirstTokenP50, double? FirstTokenP95, double? TotalP50, double? TotalP95);

/// <summary>Format A minus format B on one metric ("acceptance" or "buildSuccess"): Newcombe 95% CI and p-value.</summary>
public sealed record FormatComparison(
    string A, string B, string Metric, double? Difference, double? Low, double? High, double? PValue, string? Test, bool EnoughData);

public sealed record ReportSplits(IReadOnlyList<SplitGroup> Language, IReadOnlyList<SplitGroup> TriggerKind);

/// <summary>The per-format summaries restricted to one language or one trigger kind.</summary>
public sealed record SplitGroup(string Key, IReadOnlyList<FormatSummary> Formats);
