using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Server.Reports;

/// <summary>
/// Two formats on the same items: how many only A got right, how many only B, McNemar's exact p, and the items that flip
/// (names listed so a reader can look at them).
/// </summary>
public sealed record PairedComparison(string A, string B, int Pairs, int BothPass, int NeitherPass, IReadOnlyList<string> OnlyA, IReadOnlyList<string> OnlyB)
{
    public double PValue => McNemarExactTest.TwoSidedP(OnlyA.Count, OnlyB.Count);

    /// <summary>Pairs every two formats on the items both have (by item name).</summary>
    public static IReadOnlyList<PairedComparison> AllPairs<T>(
        IReadOnlyList<(string Label, IReadOnlyList<T> Items)> formats, Func<T, string> name, Func<T, bool> success)
    {
        var comparisons = new List<PairedComparison>();
        for (var i = 0; i < formats.Count; i++)
        for (var j = i + 1; j < formats.Count; j++)
        {
            var b = formats[j].Items.ToDictionary(name, success);
            var paired = formats[i].Items.Where(item => b.ContainsKey(name(item))).Select(item => (Name: name(item), A: success(item), B: b[name(item)])).ToArray();
            comparisons.Add(new PairedComparison(formats[i].Label, formats[j].Label, paired.Length,
                paired.Count(p => p.A && p.B), paired.Count(p => !p.A && !p.B),
                paired.Where(p => p.A && !p.B).Select(p => p.Name).ToArray(),
                paired.Where(p => !p.A && p.B).Select(p => p.Name).ToArray()));
        }
        return comparisons;
    }
}
