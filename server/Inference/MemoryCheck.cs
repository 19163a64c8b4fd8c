using CodeAssist.Server.Models;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Refuses a CPU load that cannot fit in memory before llama.cpp tries it: on Linux an oversized allocation is not a
/// clean error but an OOM kill of the whole server, so the estimate (weights plus an F16 KV cache for the context)
/// is compared with the memory available now.
/// </summary>
public static class MemoryCheck
{
    public static long KvCacheBytes(GgufFile file, uint contextSize)
    {
        var arch = file.Architecture;
        var layers = file.GetInteger($"{arch}.block_count") ?? 0;
        var heads = file.GetInteger($"{arch}.attention.head_count") ?? 1;
        var kvHeads = file.GetInteger($"{arch}.attention.head_count_kv") ?? heads;
        var embedding = file.GetInteger($"{arch}.embedding_length") ?? 0;
        var keyLength = file.GetInteger($"{arch}.attention.key_length") ?? embedding / Math.Max(1, heads);
        var valueLength = file.GetInteger($"{arch}.attention.value_length") ?? keyLength;
        return layers * (long)contextSize * kvHeads * (keyLength + valueLength) * sizeof(short);
    }

    /// <summary>Throws <see cref="ModelLoadException"/> when the estimate exceeds <paramref name="availableBytes"/>.</summary>
    public static void EnsureFits(GgufFile file, uint contextSize, long availableBytes)
    {
        var weights = file.Parts.Sum(p => p.FileSize);
        var kvCache = KvCacheBytes(file, contextSize);
        if (weights + kvCache > availableBytes)
            throw new ModelLoadException(file.Parts[0].Path,
                $"out of memory: loading needs about {Gib(weights + kvCache)} (weights {Gib(weights)}, KV cache {Gib(kvCache)} for {contextSize} tokens) " +
                $"but {Gib(availableBytes)} is available; lower codeassist.contextSize or choose a smaller format");
    }

    /// <summary>MemAvailable plus free swap, from /proc/meminfo; null where that file does not exist.</summary>
    public static long? AvailableBytes()
    {
        const string meminfo = "/proc/meminfo";
        if (!File.Exists(meminfo))
            return null;
        long total = 0;
        foreach (var line in File.ReadLines(meminfo))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal) || line.StartsWith("SwapFree:", StringComparison.Ordinal))
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        return total;
    }

    private static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F1} GiB";
}
