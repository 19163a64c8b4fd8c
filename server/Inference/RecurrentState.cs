using System.Reflection;
using System.Runtime.InteropServices;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// The recurrent (SSM) part of sequence 0's state, read and written with llama.cpp's llama_state_seq_*_ext functions and
/// LLAMA_STATE_SEQ_FLAGS_PARTIAL_ONLY: on a hybrid memory that leaves the attention KV out (it stays in the cache and is cut
/// with llama_memory_seq_rm instead), so a snapshot is the size of the recurrent state, not of the whole cache. LLamaSharp
/// 0.30.0 binds neither these functions nor llama_model_is_hybrid, so their addresses are taken from the libllama that
/// LLamaSharp loaded (its private handle field), which keeps them on the same library as every other call; they are
/// read once, after a model has loaded, so that library is loaded by then.
/// Callers hold the inference session's gate, so the context cannot be freed under a call.
/// </summary>
internal static unsafe class RecurrentState
{
    private const uint PartialOnly = 1; // LLAMA_STATE_SEQ_FLAGS_PARTIAL_ONLY

    private static readonly IntPtr Library =
        typeof(NativeApi).GetField("_loadedLlamaHandle", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as IntPtr? ?? IntPtr.Zero;

    private static readonly delegate* unmanaged[Cdecl]<IntPtr, int, uint, nuint> GetSize =
        (delegate* unmanaged[Cdecl]<IntPtr, int, uint, nuint>)Export("llama_state_seq_get_size_ext");

    private static readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, nuint, int, uint, nuint> GetData =
        (delegate* unmanaged[Cdecl]<IntPtr, byte*, nuint, int, uint, nuint>)Export("llama_state_seq_get_data_ext");

    private static readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, nuint, int, uint, nuint> SetData =
        (delegate* unmanaged[Cdecl]<IntPtr, byte*, nuint, int, uint, nuint>)Export("llama_state_seq_set_data_ext");

    private static readonly delegate* unmanaged[Cdecl]<IntPtr, byte> IsRecurrent =
        (delegate* unmanaged[Cdecl]<IntPtr, byte>)Export("llama_model_is_recurrent");

    private static readonly delegate* unmanaged[Cdecl]<IntPtr, byte> IsHybrid =
        (delegate* unmanaged[Cdecl]<IntPtr, byte>)Export("llama_model_is_hybrid");

    /// <summary>
    /// True when the model's memory has a recurrent part (which cannot drop a tail of its tokens) and the loaded libllama
    /// can checkpoint it; an older user-built libllama without these functions keeps today's full re-evaluation.
    /// </summary>
    public static bool CanCheckpoint(SafeLlamaModelHandle model)
    {
        if (GetSize == null || GetData == null || SetData == null || IsRecurrent == null || IsHybrid == null)
            return false;
        var handle = model.DangerousGetHandle();
        return IsRecurrent(handle) != 0 || IsHybrid(handle) != 0;
    }

    /// <summary>A copy of the recurrent state of sequence 0; null when llama.cpp wrote nothing.</summary>
    public static byte[]? Save(SafeLLamaContextHandle context)
    {
        var handle = context.DangerousGetHandle();
        var size = GetSize(handle, 0, PartialOnly);
        if (size == 0)
            return null;
        var state = new byte[size];
        fixed (byte* destination = state)
            return GetData(handle, destination, size, 0, PartialOnly) == size ? state : null;
    }

    /// <summary>Replaces the recurrent state of sequence 0; false when llama.cpp refused the data.</summary>
    public static bool Restore(SafeLLamaContextHandle context, byte[] state)
    {
        fixed (byte* source = state)
            return SetData(context.DangerousGetHandle(), source, (nuint)state.Length, 0, PartialOnly) == (nuint)state.Length;
    }

    private static IntPtr Export(string name) =>
        Library != IntPtr.Zero && NativeLibrary.TryGetExport(Library, name, out var address) ? address : IntPtr.Zero;
}
