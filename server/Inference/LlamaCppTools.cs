namespace CodeAssist.Server.Inference;

/// <summary>
/// llama.cpp's own tools (llama-server, llama-bench, llama-finetune, …) as <c>tests/llama-server/build.sh</c> builds them:
/// from the source node-llama-cpp ships, into a cache folder keyed by that source's hash.
/// </summary>
public static class LlamaCppTools
{
    /// <summary>The cache build.sh fills: <c>CODEASSIST_LLAMA_CACHE</c>, as the script reads it, or <c>~/.cache/codeassist/llama.cpp</c>.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("CODEASSIST_LLAMA_CACHE")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "codeassist", "llama.cpp");

    /// <summary>The first built <paramref name="executable"/> in the cache, or null when none was built.</summary>
    public static string? FindCached(string executable, string? cacheRoot = null)
    {
        var cache = cacheRoot ?? CacheRoot;
        return Directory.Exists(cache)
            ? Directory.EnumerateDirectories(cache).Select(d => Path.Combine(d, "build", "bin", executable)).Order(StringComparer.Ordinal).FirstOrDefault(File.Exists)
            : null;
    }
}
