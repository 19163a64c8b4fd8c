using System.Globalization;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Telemetry.Reporting;

/// <summary>Cell texts shared by the console and HTML renderings, so both say the same thing.</summary>
internal static class ReportText
{
    public const string NotEnoughData = "not enough data";

    public static string Rate(Proportion proportion, int minSampleSize) =>
        proportion.Rate is not { } rate
            ? "-"
            : proportion.N < minSampleSize
                ? $"{NotEnoughData} (n={proportion.N})"
                : $"{Percent(rate)} [{Percent(proportion.Low!.Value)}, {Percent(proportion.High!.Value)}] n={proportion.N}";

    public static string Difference(FormatComparison comparison) =>
        comparison.Difference is not { } difference
            ? "-"
            : !comparison.EnoughData
                ? NotEnoughData
                : $"{SignedPoints(difference)} [{SignedPoints(comparison.Low!.Value)}, {SignedPoints(comparison.High!.Value)}]";

    public static string PValue(FormatComparison comparison) =>
        comparison.PValue is { } p && comparison.EnoughData ? p < 0.0001 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    public static string Survival(FormatSummary summary) =>
        string.Join(" / ", summary.Survival.Select(pair => pair.Value is { } mean ? Percent(mean) : "-"));

    public static string Latency(double? p50, double? p95) =>
        p50 is null ? "-" : $"{Number(p50.Value)} / {Number(p95!.Value)}";

    public static string Verdicts(FormatSummary summary) =>
        string.Join(", ", summary.Verdicts.Select(pair => $"{pair.Key} {pair.Value}"));

    public static string Number(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string SignedPoints(double fraction) =>
        (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pp";
}
