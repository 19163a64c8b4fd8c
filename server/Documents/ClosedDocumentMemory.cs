using System.Runtime;
using System.Runtime.InteropServices;
using CodeAssist.Server.Inference;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Documents;

/// <summary>
/// Gives the memory of closed documents back to the system. A closed 5 MB document leaves its text, its line index and
/// its Roslyn trees in the large-object heap and in glibc's malloc arenas, which neither shrinks by itself while the
/// server idles; so a moment after the last close in a burst, the heap is compacted and malloc_trim returns free pages.
/// <para>
/// What that first collection leaves is mostly the shared array pool's: System.Text.Json parses and unescapes a 5 MB
/// message in 8 MiB arrays rented from ArrayPool.Shared, which keeps them per thread and per core and drops them only
/// at a gen2 collection once they have been idle for 30 to 60 s, and an idle server runs none. So the collection is
/// repeated <see cref="FollowUps"/> times, <see cref="PoolTrimInterval"/> apart (4 × 5 MB documents: RSS 139 → 271 MiB,
/// 186 MiB after the first collection, 152 MiB after the last; GC heap 17 → 55 → 23 MiB). Each collection blocks the
/// process once per burst of closes, never per keystroke: measured 216 ms for the first with 167 MiB of heap, 35 to 104 ms
/// for a follow-up.
/// </para>
/// </summary>
public sealed class ClosedDocumentMemory(TimeProvider time, ILogger<ClosedDocumentMemory> logger) : IDocumentListener, IDisposable
{
    /// <summary>Closing a whole workspace is a burst of didClose: collect once, after it.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    /// <summary>Longer than the pool's 30 s for a thread's array, so that each follow-up finds more of them idle.</summary>
    public static readonly TimeSpan PoolTrimInterval = TimeSpan.FromSeconds(35);

    public const int FollowUps = 3;

    private readonly Lock _gate = new();
    private ITimer? _pending;
    private int _left;

    public int Collections { get; private set; }

    public void Changed(DocumentChange change)
    {
        if (change.After is not null)
            return;
        lock (_gate)
        {
            _pending?.Dispose();
            _left = 1 + FollowUps;
            ITimer? timer = null;
            timer = time.CreateTimer(_ => Collect(timer!), null, Quiet, PoolTrimInterval);
            _pending = timer;
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _pending?.Dispose();
    }

    private void Collect(ITimer timer)
    {
        lock (_gate)
        {
            if (timer != _pending)
                return; // a burst that a later close replaced
            if (--_left == 0)
                timer.Dispose();
        }
        var started = time.GetTimestamp();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var residentBefore = ProcessMemory.ResidentBytes();
        CompactHeap();
        // The pool trims itself in a gen2 callback on the finalizer thread: collect again to free what it just let go.
        GC.WaitForPendingFinalizers();
        CompactHeap();
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0); // 1 when pages were returned, 0 when there were none: nothing to do either way
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (musl): nothing to trim.
            }
        }
        var pause = time.GetElapsedTime(started);
        lock (_gate)
            Collections++;
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        // Numbers only, so a user's log tells where memory stays (managed heap or native) without a profiler.
        logger.LogInformation("Closed documents' memory collected: GC heap {HeapBefore} -> {HeapAfter} MiB ({Committed} MiB committed, {Fragmented} MiB fragmented), resident {ResidentBefore} -> {ResidentAfter} MiB, in {Ms:F0} ms",
            Mebibytes(heapBefore), Mebibytes(heap.HeapSizeBytes), Mebibytes(heap.TotalCommittedBytes), Mebibytes(heap.FragmentedBytes),
            Mebibytes(residentBefore), Mebibytes(ProcessMemory.ResidentBytes()), pause.TotalMilliseconds);
    }

    private static void CompactHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static long Mebibytes(long bytes) => bytes >> 20;

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
