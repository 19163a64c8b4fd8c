using System.Reflection;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Tail removal on a context's memory that reports whether it happened. LLamaSharp 0.30.0's
/// SafeLLamaContextHandle.MemorySequenceRemove drops llama_memory_seq_rm's result, and that result is the only reliable
/// way to learn that a recurrent or hybrid memory refused a partial removal; so the memory pointer is fetched through
/// LLamaSharp's own (private) llama_get_memory binding and the public NativeApi.llama_memory_seq_rm is called with it.
/// </summary>
internal static class KvMemory
{
    private static readonly Func<SafeLLamaContextHandle, IntPtr> GetMemory =
        (typeof(SafeLLamaContextHandle).GetMethod("llama_get_memory", BindingFlags.NonPublic | BindingFlags.Static)
         ?? throw new MissingMethodException(nameof(SafeLLamaContextHandle), "llama_get_memory"))
        .CreateDelegate<Func<SafeLLamaContextHandle, IntPtr>>();

    /// <summary>Removes positions [from, end) of sequence 0; false when the memory cannot remove them (left unchanged).</summary>
    public static bool TryRemoveTail(SafeLLamaContextHandle context, int from) =>
        NativeApi.llama_memory_seq_rm(GetMemory(context), (LLamaSeqId)0, (LLamaPos)from, (LLamaPos)(-1));
}
