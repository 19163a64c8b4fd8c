using System.Globalization;
using CodeAssist.Server.Inference;

namespace CodeAssist.Benchmarks.Soak;

/// <summary>What the soak watches in the server process: resident memory, threads and open handles (file descriptors).</summary>
public sealed record ProcessSample(long ResidentBytes, int Threads, int Handles)
{
    public double ResidentMiB => ResidentBytes / (1024.0 * 1024.0);

    /// <summary>Each measure's highest value of the two: a peak of memory, threads and handles, not the sample of the memory peak.</summary>
    public ProcessSample Max(ProcessSample other) =>
        new(Math.Max(ResidentBytes, other.ResidentBytes), Math.Max(Threads, other.Threads), Math.Max(Handles, other.Handles));

    /// <summary>Null once the process is gone (or where there is no /proc).</summary>
    public static ProcessSample? Of(int pid)
    {
        var process = pid.ToString(CultureInfo.InvariantCulture);
        try
        {
            if (ProcessMemory.StatusValue(process, "VmRSS") is not { } kilobytes || ProcessMemory.StatusValue(process, "Threads") is not { } threads)
                return null;
            return new ProcessSample(kilobytes * 1024, (int)threads, Directory.GetFileSystemEntries($"/proc/{process}/fd").Length);
        }
        catch (IOException)
        {
            return null; // exited between two reads
        }
    }
}
