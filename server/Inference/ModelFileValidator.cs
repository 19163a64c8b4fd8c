using CodeAssist.Server.Models;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Checks a model file with our own GGUF reader before llama.cpp sees it: a corrupt or foreign file can crash native code,
/// while here it becomes a <see cref="ModelLoadException"/> naming the file and the cause.
/// </summary>
public static class ModelFileValidator
{
    public static GgufFile Validate(string path)
    {
        if (path.Contains('\0'))
            throw new ModelLoadException(path.Replace("\0", "\\0"), "the path contains a NUL character");
        if (Directory.Exists(path))
            throw new ModelLoadException(path, "is a directory, not a GGUF file");
        if (FileKinds.Of(path) is { } kind and not FileKind.Regular)
            throw new ModelLoadException(path, $"is a {kind.ToString().ToLowerInvariant()}, not a regular file (reading it could block forever)");
        GgufFile file;
        try
        {
            file = GgufReader.Open(path);
        }
        catch (GgufFormatException e)
        {
            var cause = e.Message.StartsWith(e.Path + ": ", StringComparison.Ordinal) ? e.Message[(e.Path.Length + 2)..] : e.Message;
            throw new ModelLoadException(e.Path, cause, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, e.Message, e);
        }

        var architecture = file.Architecture;
        if (architecture.Length == 0)
            throw new ModelLoadException(path, "the GGUF metadata has no general.architecture");
        if (!KnownArchitectures.IsKnown(architecture))
            throw new ModelLoadException(path, $"unknown architecture '{architecture}' (not supported by the bundled llama.cpp)");
        return file;
    }
}
