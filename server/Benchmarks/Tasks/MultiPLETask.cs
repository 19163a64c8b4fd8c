using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeAssist.Benchmarks.Tasks;

/// <summary>One MultiPL-E problem: the model completes <see cref="Prompt"/>; prompt + completion + <see cref="Tests"/> is the program.</summary>
public sealed record MultiPLETask(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("tests")] string Tests,
    [property: JsonPropertyName("stop_tokens")] IReadOnlyList<string> StopTokens)
{
    /// <summary>Name plus a hash of the text, so a changed dataset entry never reuses a stored result.</summary>
    public string Key => $"{Name}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Prompt + "\0" + Tests)))[..12]}";

    public string ProgramWith(string completion) => Prompt + completion + Tests;

    /// <summary>The completion up to (not including) the first stop token.</summary>
    public string Cut(string completion)
    {
        var end = StopTokens.Select(stop => completion.IndexOf(stop, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(completion.Length).Min();
        return completion[..end];
    }
}

public static class MultiPLEDataset
{
    public static IReadOnlyList<MultiPLETask> Load(string path) =>
        File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select((line, index) => JsonSerializer.Deserialize<MultiPLETask>(line)
                ?? throw new FormatException($"{path}:{index + 1}: not a MultiPL-E task"))
            .ToArray();
}
