namespace CodeAssist.Server.Models;

/// <summary>A demo model file: its architecture, format label and path.</summary>
public sealed record DemoModel(string Architecture, string Format, string Path);

/// <summary>
/// Makes the tiny demo models: demo-ARCH-F16.gguf written by <see cref="GgufWriter"/>, then quantized by llama.cpp to
/// Q8_0, Q6_K, Q4_K_M and, for mixture-of-experts archs, MXFP4_MOE.
/// </summary>
public static class DemoModels
{
    public const string BaseFormat = "F16";

    public static string FileName(string architecture, string format) => $"demo-{architecture}-{format}.gguf";

    /// <summary>Every demo model this version makes, whether or not it exists yet in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<DemoModel> Plan(string directory) =>
        DemoArchitecture.All.SelectMany(arch => FormatsOf(arch).Select(format =>
            new DemoModel(arch.Name, format, Path.Combine(Path.GetFullPath(directory), FileName(arch.Name, format))))).ToArray();

    /// <summary>Writes the missing demo models into <paramref name="directory"/>; files already there are kept as they are.</summary>
    public static Task<IReadOnlyList<DemoModel>> EnsureAsync(string directory, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => Ensure(directory, progress, cancellationToken), cancellationToken);

    private static IReadOnlyList<DemoModel> Ensure(string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var plan = Plan(directory);
        foreach (var arch in DemoArchitecture.All)
        {
            var models = plan.Where(m => m.Architecture == arch.Name).ToArray();
            var source = models.Single(m => m.Format == BaseFormat).Path;
            var remakeAll = !IsCurrent(source);
            foreach (var model in models.Where(m => remakeAll || !IsCurrent(m.Path)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ModelFileWriter.Write(model.Path, partial =>
                {
                    if (model.Format == BaseFormat)
                        arch.Build().Write(partial);
                    else
                        GgufQuantizer.Quantize(source, partial, model.Format);
                }, progress);
            }
        }
        return plan;
    }

    /// <summary>Exists, reads as GGUF and was made by this version of the demo recipe (llama.cpp copies the key when quantizing).</summary>
    private static bool IsCurrent(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            return GgufReader.Open(path).GetInteger(DemoArchitecture.RecipeVersionKey) == DemoArchitecture.RecipeVersion;
        }
        catch (GgufFormatException)
        {
            return false;
        }
    }

    private static IEnumerable<string> FormatsOf(DemoArchitecture arch) =>
        new[] { BaseFormat }.Concat(GgufQuantizer.Formats.Keys.Where(f => arch.IsMixtureOfExperts || f != "MXFP4_MOE"));
}
