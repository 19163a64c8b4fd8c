using System.Globalization;
using CodeAssist.Server.Inference;

namespace CodeAssist.Benchmarks.Speed;

/// <summary>The process's peak resident set (VmHWM), which Linux lets a process reset so each model gets its own peak.</summary>
internal static class PeakMemory
{
    private const string Status = "/proc/self/status";

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+); elsewhere the peak keeps growing.</summary>
    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not Linux, or not allowed: the reading stays the process-wide peak
        }
    }

    public static long Bytes()
    {
        if (!File.Exists(Status))
            return ProcessMemory.ResidentBytes();
        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null
            ? ProcessMemory.ResidentBytes()
            : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
