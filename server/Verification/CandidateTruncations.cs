namespace CodeAssist.Server.Verification;

/// <summary>Fallbacks for a completion that does not compile: up to its last complete statement, then its first line.</summary>
public static class CandidateTruncations
{
    public static IReadOnlyList<Suggestion> Of(Suggestion suggestion)
    {
        var texts = new List<string> { suggestion.Text };
        var lines = suggestion.Text.Split('\n');
        var lastComplete = Array.FindLastIndex(lines, line => line.TrimEnd() is var trimmed && (trimmed.EndsWith(';') || trimmed.EndsWith('}')));
        if (lastComplete >= 0)
            texts.Add(string.Join('\n', lines[..(lastComplete + 1)]));
        texts.Add(lines[0]);
        return [.. texts
            .Select(text => text.TrimEnd())
            .Where(text => text.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(text => suggestion with { Text = text })];
    }
}
