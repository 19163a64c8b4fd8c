using System.Text.Json;
using CodeAssist.Server.Configuration;

namespace CodeAssist.Benchmarks;

/// <summary>The formats the editor is configured with, so a benchmark compares exactly the models the user runs.</summary>
public static class SettingsModels
{
    /// <summary>
    /// <c>LABEL=PATH</c> for each entry of codeassist.models in <paramref name="path"/>: a VS Code settings.json (flat
    /// "codeassist.models" key, comments and trailing commas allowed) or a file with a "codeassist" section.
    /// </summary>
    public static IReadOnlyList<string> Read(string? path)
    {
        if (path is null)
            return [];
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var root = document.RootElement;
        JsonElement models;
        if (root.TryGetProperty("codeassist.models", out var flat))
            models = flat;
        else if (root.TryGetProperty(SettingsService.Section, out var section) && section.TryGetProperty("models", out var nested))
            models = nested;
        else
            throw new InvalidOperationException($"{path} has no codeassist.models.");
        return [.. models.EnumerateObject().Select(model => $"{model.Name}={model.Value.GetString()}")];
    }
}
