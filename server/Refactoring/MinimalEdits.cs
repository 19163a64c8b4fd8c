using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// The edits that turn one text into another, touching only what changed: a line diff (longest common subsequence of
/// the lines between the common head and tail), each changed run of lines then trimmed to the characters that differ.
/// </summary>
public static class MinimalEdits
{
    /// <summary>Beyond this many line pairs the middle is replaced as one edit instead of diffed.</summary>
    private const long MaxDiffCells = 4_000_000;

    public static IReadOnlyList<TextChange> Compute(SourceText before, SourceText after)
    {
        var oldLines = Lines(before);
        var newLines = Lines(after);
        var head = 0;
        while (head < oldLines.Count && head < newLines.Count && oldLines[head].Text == newLines[head].Text)
            head++;
        var tail = 0;
        while (tail < oldLines.Count - head && tail < newLines.Count - head && oldLines[^(tail + 1)].Text == newLines[^(tail + 1)].Text)
            tail++;

        var changes = new List<TextChange>();
        foreach (var (oldStart, oldEnd, newStart, newEnd) in Hunks(oldLines, newLines, head, oldLines.Count - tail, head, newLines.Count - tail))
        {
            var span = TextSpan.FromBounds(Offset(oldLines, oldStart, before.Length), Offset(oldLines, oldEnd, before.Length));
            var replacement = string.Concat(newLines.Skip(newStart).Take(newEnd - newStart).Select(l => l.Text));
            changes.Add(Trim(before.ToString(span), span.Start, replacement));
        }
        return changes;
    }

    private static List<(int Start, string Text)> Lines(SourceText text) =>
        [.. text.Lines.Select(l => (l.Start, text.ToString(l.SpanIncludingLineBreak))).Where(l => l.Item2.Length > 0 || l.Start < text.Length)];

    private static int Offset(List<(int Start, string Text)> lines, int index, int length) => index < lines.Count ? lines[index].Start : length;

    /// <summary>Runs of differing lines as [start, end) line ranges of both texts, found with a longest common subsequence.</summary>
    private static IEnumerable<(int, int, int, int)> Hunks(List<(int Start, string Text)> a, List<(int Start, string Text)> b, int aStart, int aEnd, int bStart, int bEnd)
    {
        int n = aEnd - aStart, m = bEnd - bStart;
        if (n == 0 && m == 0)
            yield break;
        if ((long)n * m > MaxDiffCells)
        {
            yield return (aStart, aEnd, bStart, bEnd);
            yield break;
        }
        var common = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
            for (var j = m - 1; j >= 0; j--)
                common[i, j] = a[aStart + i].Text == b[bStart + j].Text ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);

        int x = 0, y = 0, runX = 0, runY = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[aStart + x].Text == b[bStart + y].Text)
            {
                if (runX < x || runY < y)
                    yield return (aStart + runX, aStart + x, bStart + runY, bStart + y);
                x++;
                y++;
                (runX, runY) = (x, y);
            }
            else if (y < m && (x == n || common[x, y + 1] >= common[x + 1, y]))
            {
                y++;
            }
            else
            {
                x++;
            }
        }
        if (runX < n || runY < m)
            yield return (aStart + runX, aEnd, bStart + runY, bEnd);
    }

    /// <summary>Drops the characters a changed run of lines keeps at its start and end.</summary>
    private static TextChange Trim(string oldText, int start, string newText)
    {
        var prefix = 0;
        while (prefix < oldText.Length && prefix < newText.Length && oldText[prefix] == newText[prefix])
            prefix++;
        var suffix = 0;
        while (suffix < oldText.Length - prefix && suffix < newText.Length - prefix && oldText[^(suffix + 1)] == newText[^(suffix + 1)])
            suffix++;
        return new TextChange(new TextSpan(start + prefix, oldText.Length - prefix - suffix), newText[prefix..^suffix]);
    }
}
