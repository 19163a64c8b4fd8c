using System.Globalization;

namespace CodeAssist.Server.Inference;

/// <summary>Resident set size of this process, read from /proc/self/status (native allocations included, unlike the GC's numbers).</summary>
public static class ProcessMemory
{
    public static long ResidentBytes() => StatusValue("self", "VmRSS") * 1024 ?? Environment.WorkingSet;

    /// <summary>A numeric field of /proc/PROCESS/status (VmRSS in kB, Threads); null where there is no such file or field.</summary>
    public static long? StatusValue(string process, string field)
    {
        var statusFile = $"/proc/{process}/status";
        if (!File.Exists(statusFile))
            return null;
        var prefix = field + ":";
        foreach (var line in File.ReadLines(statusFile))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return long.Parse(line[prefix.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return null;
    }
}
