using CodeAssist.Server.Models;

namespace CodeAssist.Benchmarks;

/// <summary>A model under test: the user's label, its file and what the file really contains (results are keyed by both).</summary>
public sealed record BenchModel(string Label, string Path, ModelFingerprint Fingerprint, bool IsDemo)
{
    public string Sha256 => Fingerprint.Sha256;
}

public static class BenchModels
{
    /// <summary>The demo formats a run uses when no --model is given: one architecture, few formats, so a run on 2 cores stays short.</summary>
    public const string DemoArchitecture = "qwen3moe";

    public static readonly IReadOnlyList<string> DemoFormats = ["Q8_0", "Q6_K", "Q4_K_M", "MXFP4_MOE"];

    public const string DemoWarning =
        "DEMO MODELS: tiny random-weight models. Their quality numbers (compile rate, pass@1, exact match, KLD) are noise; only the harness is being exercised.";

    /// <summary>The warnings of a report on <paramref name="models"/>.</summary>
    public static IReadOnlyList<string> WarningsFor(IEnumerable<BenchModel> models) =>
        models.Any(m => m.IsDemo) ? [DemoWarning] : [];

    /// <summary>
    /// <paramref name="specs"/> are <c>LABEL=PATH</c>; when there are none, the demo models of <paramref name="demoFormats"/>
    /// are made in <paramref name="modelsDirectory"/> (if missing) and used.
    /// </summary>
    public static async Task<IReadOnlyList<BenchModel>> ResolveAsync(
        IReadOnlyList<string> specs, string modelsDirectory, IReadOnlyList<string> demoFormats,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var files = specs.Count > 0
            ? specs.Select(ModelSpec.Parse).ToArray()
            : await DemoFilesAsync(modelsDirectory, demoFormats, progress, cancellationToken);
        var labels = files.GroupBy(f => f.Label).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (labels.Length > 0)
            throw new ArgumentException($"Each --model needs its own label; repeated: {string.Join(", ", labels)}");

        var fingerprinter = new ModelFingerprinter();
        var models = new List<BenchModel>();
        foreach (var (label, path) in files)
        {
            var fingerprint = await fingerprinter.ComputeAsync(path, cancellationToken);
            models.Add(new BenchModel(label, path, fingerprint, IsDemoFile(path)));
        }
        return models;
    }

    private static async Task<(string Label, string Path)[]> DemoFilesAsync(
        string directory, IReadOnlyList<string> formats, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var demo = await DemoModels.EnsureAsync(directory, progress, cancellationToken);
        return formats
            .Select(format => demo.SingleOrDefault(m => m.Architecture == DemoArchitecture && m.Format == format)
                ?? throw new ArgumentException($"No demo {DemoArchitecture} model in format {format}"))
            .Select(m => ($"demo-{m.Format}", m.Path))
            .ToArray();
    }

    /// <summary>Made by <see cref="DemoModels"/>: tiny random weights, whose quality numbers are noise.</summary>
    private static bool IsDemoFile(string path)
    {
        try
        {
            return GgufReader.Open(path).GetInteger(Server.Models.DemoArchitecture.RecipeVersionKey) is not null;
        }
        catch (GgufFormatException)
        {
            return false;
        }
    }
}
