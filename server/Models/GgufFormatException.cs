namespace CodeAssist.Server.Models;

/// <summary>Why a file cannot be used as a GGUF model, naming the file.</summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException(string path, GgufProblem problem, string detail, Exception? inner = null)
        : base($"{path}: {Describe(problem)}: {detail}", inner)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }

    public GgufProblem Problem { get; }

    private static string Describe(GgufProblem problem) => problem switch
    {
        GgufProblem.Missing => "file not found",
        GgufProblem.NotGguf => "not a GGUF file",
        GgufProblem.Truncated => "truncated GGUF file",
        GgufProblem.UnsupportedVersion => "unsupported GGUF version",
        GgufProblem.Malformed => "malformed GGUF file",
        GgufProblem.MissingSplitPart => "split model part missing",
        _ => problem.ToString(),
    };
}

public enum GgufProblem
{
    Missing,
    NotGguf,
    Truncated,
    UnsupportedVersion,
    Malformed,
    MissingSplitPart,
}
