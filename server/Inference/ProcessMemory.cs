namespace CodeAssist.Server.Inference;

/// <summary>Resident set size of this process, read from /proc/self/status (native allocations included, unlike the GC's numbers).</summary>
public static class ProcessMemory
{
    public static long ResidentBytes()
    {
        const string statusFile = "/proc/self/status";
        if (!File.Exists(statusFile))
            return Environment.WorkingSet;
        foreach (var line in File.ReadLines(statusFile))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                continue;
            var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        return Environment.WorkingSet;
    }
}
