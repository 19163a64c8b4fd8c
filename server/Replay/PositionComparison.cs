using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Server.Replay;

/// <summary>
/// Two formats at the same keystrokes. Where both asked for a completion with the same number of characters of a
/// site's real text in place, they saw the same document: the position pairs them, and only its accept can differ.
/// McNemar's exact test counts the positions as independent, which one site's positions are not (a format that knows
/// a line gets it at each of its keystrokes); so the sign-flip permutation test over sites, of each site's only-A minus
/// only-B positions, decides.
/// </summary>
public sealed record PositionComparison(int Pairs, int OnlyA, int OnlyB, double McNemarP, double BySiteP)
{
    public static PositionComparison Of(IReadOnlyList<SiteOutcome> a, IReadOnlyList<SiteOutcome> b)
    {
        var sitesOfB = b.ToDictionary(s => s.Edit);
        int pairs = 0, onlyA = 0, onlyB = 0;
        var siteDifferences = new List<int>();
        foreach (var site in a)
        {
            if (!sitesOfB.TryGetValue(site.Edit, out var other))
                continue;
            var acceptedByB = other.Requests.ToDictionary(r => r.Typed, r => r.Accepted);
            int siteOnlyA = 0, siteOnlyB = 0;
            foreach (var request in site.Requests)
            {
                if (!acceptedByB.TryGetValue(request.Typed, out var bAccepted))
                    continue;
                pairs++;
                siteOnlyA += request.Accepted && !bAccepted ? 1 : 0;
                siteOnlyB += !request.Accepted && bAccepted ? 1 : 0;
            }
            onlyA += siteOnlyA;
            onlyB += siteOnlyB;
            siteDifferences.Add(siteOnlyA - siteOnlyB);
        }
        return new PositionComparison(pairs, onlyA, onlyB, McNemarExactTest.TwoSidedP(onlyA, onlyB), PairedPermutationTest.TwoSidedP(siteDifferences));
    }
}
