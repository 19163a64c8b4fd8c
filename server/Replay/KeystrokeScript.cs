namespace CodeAssist.Server.Replay;

/// <summary>
/// Samples edit sites from the .cs files of a folder with a seed: the same folder, limit and seed always give the same
/// script. A site is a cursor at the start of a word or symbol on a code line; the rest of the line is removed, and on
/// about one site in four the next one or two lines of the same block as well.
/// </summary>
public static class KeystrokeScript
{
    /// <summary>Keeps one site's typing (a request per keystroke) to a bounded cost.</summary>
    public const int MaxRemovedLength = 80;

    private const int MinLineLength = 4;

    public static ReplayScript Generate(string repository, int limit, int seed)
    {
        if (limit < 1)
            throw new ReplayInputException($"replay: --limit must be at least 1, got {limit}");
        var root = Path.GetFullPath(repository);
        if (!Directory.Exists(root))
            throw new ReplayInputException($"replay: folder {root} does not exist");
        var texts = CSharpFiles(root).ToDictionary(relative => relative, relative => File.ReadAllText(Path.Combine(root, relative)).Replace("\r\n", "\n"));
        if (texts.Count == 0)
            throw new ReplayInputException($"replay: folder {root} has no .cs files to replay");

        var candidates = texts.SelectMany(file => CandidateLines(file.Key, file.Value)).ToList();
        var random = new Random(seed);
        var picked = new List<ReplayEdit>();
        while (picked.Count < limit && candidates.Count > 0)
        {
            var index = random.Next(candidates.Count);
            var (file, line) = candidates[index];
            candidates.RemoveAt(index);
            var edit = Cut(file, texts[file], line, random);
            if (!picked.Any(other => Overlaps(other, edit)))
                picked.Add(edit);
        }
        var files = picked.GroupBy(e => e.File)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReplayFile(g.Key, texts[g.Key], [.. g.OrderBy(e => e.Start)]))
            .ToArray();
        return new ReplayScript(root, seed, files);
    }

    /// <summary>
    /// How much of <paramref name="text"/> one keystroke at <paramref name="at"/> types: one character, except that a line
    /// break brings the next line's indentation with it, as an editor's auto-indent does.
    /// </summary>
    public static int KeystrokeLength(string text, int at)
    {
        if (text[at] != '\n')
            return 1;
        var end = at + 1;
        while (end < text.Length && text[end] is ' ' or '\t')
            end++;
        return end - at;
    }

    private static IEnumerable<string> CSharpFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(relative => !relative.Split('/').Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal);

    /// <summary>Lines of code worth completing: not blank, not a lone brace, not a comment.</summary>
    private static IEnumerable<(string File, int Line)> CandidateLines(string file, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var code = lines[i].Trim();
            if (code.Length >= MinLineLength && !code.StartsWith("//", StringComparison.Ordinal) && !code.StartsWith("/*", StringComparison.Ordinal)
                && !code.StartsWith('*') && !code.StartsWith('#'))
                yield return (file, i);
        }
    }

    private static ReplayEdit Cut(string file, string text, int line, Random random)
    {
        var lines = text.Split('\n');
        var lineStart = lines.Take(line).Sum(l => l.Length + 1);
        var indent = Indentation(lines[line]);
        var columns = Enumerable.Range(indent, lines[line].Length - indent).Where(c => c == indent || !IsWordChar(lines[line][c - 1])).ToArray();
        var column = columns[random.Next(columns.Length)];
        var lastLine = line;
        if (random.Next(4) == 0)
        {
            var extra = random.Next(1, 3);
            while (extra-- > 0 && lastLine + 1 < lines.Length && IsSameBlock(lines[lastLine + 1], indent))
                lastLine++;
        }
        var start = lineStart + column;
        var end = lines.Take(lastLine + 1).Sum(l => l.Length + 1) - 1;
        var removed = text[start..end];
        if (removed.Length > MaxRemovedLength)
            removed = removed[..MaxRemovedLength];
        return new ReplayEdit(file, start, removed, line, column);
    }

    /// <summary>A following line still inside the block: as deep as the cursor's line, not blank, not its closing brace.</summary>
    private static bool IsSameBlock(string next, int indent) =>
        next.Trim().Length > 0 && Indentation(next) >= indent && !next.TrimStart().StartsWith('}');

    private static bool Overlaps(ReplayEdit a, ReplayEdit b) =>
        a.File == b.File && a.Start <= b.Start + b.Removed.Length && b.Start <= a.Start + a.Removed.Length;

    private static int Indentation(string line) => line.Length - line.TrimStart().Length;

    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
