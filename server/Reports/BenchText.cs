using System.Globalization;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Server.Reports;

/// <summary>Cell texts of the benchmark tables; every rate carries its sample size.</summary>
public static class BenchText
{
    public static string Rate(Proportion proportion) =>
        proportion.Rate is not { } rate
            ? "- (n=0)"
            : $"{Percent(rate)} [{Percent(proportion.Low!.Value)}, {Percent(proportion.High!.Value)}] n={proportion.N}";

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Number(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string PValue(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    /// <summary>The first few names, then how many more.</summary>
    public static string Names(IReadOnlyList<string> names, int shown = 5) =>
        names.Count == 0 ? "-" : string.Join(", ", names.Take(shown)) + (names.Count > shown ? $" (+{names.Count - shown})" : "");

    public static string Paired(PairedComparison comparison) =>
        $"{comparison.OnlyA.Count} / {comparison.OnlyB.Count} of n={comparison.Pairs}";
}
