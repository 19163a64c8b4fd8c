using System.Runtime;
using System.Runtime.InteropServices;
using CodeAssist.Server.Inference;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Documents;

/// <summary>
/// Gives the memory of closed documents back to the system. A closed 5 MB document leaves its text, its line index and
/// its Roslyn trees in the large-object heap and in glibc's malloc arenas, which neither shrinks by itself while the
/// server idles; so a moment after the last close in a burst, the heap is compacted and malloc_trim returns free pages.
/// </summary>
public sealed class ClosedDocumentMemory(TimeProvider time, ILogger<ClosedDocumentMemory> logger) : IDocumentListener, IDisposable
{
    /// <summary>Closing a whole workspace is a burst of didClose: collect once, after it.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private ITimer? _pending;

    public int Collections { get; private set; }

    public void Changed(DocumentChange change)
    {
        if (change.After is not null)
            return;
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = time.CreateTimer(_ => Collect(), null, Quiet, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _pending?.Dispose();
    }

    private void Collect()
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var residentBefore = ProcessMemory.ResidentBytes();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                MallocTrim(0);
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (musl): nothing to trim.
            }
        }
        lock (_gate)
            Collections++;
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        // Numbers only, so a user's log tells where memory stays (managed heap or native) without a profiler.
        logger.LogInformation("Closed documents' memory collected: GC heap {HeapBefore} -> {HeapAfter} MiB ({Committed} MiB committed, {Fragmented} MiB fragmented), resident {ResidentBefore} -> {ResidentAfter} MiB",
            Mebibytes(heapBefore), Mebibytes(heap.HeapSizeBytes), Mebibytes(heap.TotalCommittedBytes), Mebibytes(heap.FragmentedBytes),
            Mebibytes(residentBefore), Mebibytes(ProcessMemory.ResidentBytes()));
    }

    private static long Mebibytes(long bytes) => bytes >> 20;

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
