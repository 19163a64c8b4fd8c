namespace CodeAssist.Server.Models;

/// <summary>
/// The formats of the trained C# model (Models/Trained/codeassist-cs-F16.gguf, see its MODEL_CARD.md): the shipped F16
/// copied as the reference, then Q8_0, Q6_K, Q4_K_M, MXFP4_MOE and the UD-Q4_K_XL-style mix quantized from it by llama.cpp.
/// </summary>
public static class TrainedModels
{
    public const string Name = "codeassist-cs", ReferenceFormat = "F16";

    /// <summary>The shipped F16 weights, copied beside the server binary by the build.</summary>
    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "Models", "Trained", FileName(ReferenceFormat));

    public static IReadOnlyList<string> Formats { get; } = [ReferenceFormat, .. GgufQuantizer.AllFormats];

    public static string FileName(string format) => $"{Name}-{format}.gguf";

    /// <summary>Every format's path in <paramref name="directory"/>, whether or not it exists yet.</summary>
    public static IReadOnlyList<DemoModel> Plan(string directory) =>
        Formats.Select(f => new DemoModel(Name, f, Path.Combine(Path.GetFullPath(directory), FileName(f)))).ToArray();

    /// <summary>Writes the missing formats into <paramref name="directory"/>; all are remade when the shipped F16 changed.</summary>
    public static Task<IReadOnlyList<DemoModel>> EnsureAsync(string directory, IProgress<string>? progress = null,
        string? source = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Ensure(directory, source ?? ShippedPath, progress, cancellationToken), cancellationToken);

    private static IReadOnlyList<DemoModel> Ensure(string directory, string source, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(source))
            throw new FileNotFoundException($"the trained model {source} is missing; make it with `codeassist models train` (see Models/Trained/MODEL_CARD.md)", source);
        Directory.CreateDirectory(directory);
        var plan = Plan(directory);
        var reference = plan.Single(m => m.Format == ReferenceFormat).Path;
        // the copy has the shipped file's length and time; a different one means new weights, so every format is remade
        var remakeAll = !File.Exists(reference) || new FileInfo(reference).Length != new FileInfo(source).Length
                        || File.GetLastWriteTimeUtc(reference) != File.GetLastWriteTimeUtc(source);
        foreach (var model in plan.Where(m => remakeAll || !File.Exists(m.Path)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ModelFileWriter.Write(model.Path, partial =>
            {
                if (model.Format == ReferenceFormat)
                {
                    File.Copy(source, partial);
                    File.SetLastWriteTimeUtc(partial, File.GetLastWriteTimeUtc(source));
                }
                else
                    GgufQuantizer.Quantize(source, partial, model.Format);
            }, progress);
        }
        return plan;
    }
}
