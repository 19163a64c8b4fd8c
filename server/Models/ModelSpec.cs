namespace CodeAssist.Server.Models;

/// <summary>A <c>--model LABEL=PATH</c> argument, as replay and the benchmarks take it.</summary>
public static class ModelSpec
{
    public static (string Label, string Path) Parse(string spec)
    {
        var separator = spec.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0 || separator == spec.Length - 1)
            throw new ArgumentException($"--model expects LABEL=PATH, got '{spec}'");
        var path = Path.GetFullPath(spec[(separator + 1)..]);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file not found: {path}", path);
        return (spec[..separator], path);
    }
}
