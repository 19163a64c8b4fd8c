using System.Runtime.InteropServices;
using System.Text;

namespace CodeAssist.Server.Models;

/// <summary>
/// Per-tensor quantization types for llama_model_quantize, as llama-quantize's <c>--tensor-type PATTERN=TYPE</c> passes
/// them: <c>llama_model_quantize_params.tensor_types</c> (LLamaSharp's name for llama.h's <c>tt_overrides</c>) points to
/// an array of <c>llama_model_tensor_override { const char * pattern; enum ggml_type type; }</c> ended by a null pattern.
/// LLamaSharp 0.30.0 exposes only the raw pointer, so this builds the array in unmanaged memory. Each pattern is a
/// std::regex searched in the tensor name; the first match wins.
/// </summary>
public sealed class TensorTypeOverrides : IDisposable
{
    // pointer and 32-bit enum, padded to 8 bytes
    private const int ElementSize = 16;
    private readonly List<IntPtr> _allocations = [];

    public TensorTypeOverrides(IReadOnlyList<(string Pattern, GgmlType Type)> overrides)
    {
        var elements = Allocate(ElementSize * (overrides.Count + 1));
        for (var i = 0; i < overrides.Count; i++)
        {
            var element = elements + i * ElementSize;
            var bytes = Encoding.ASCII.GetBytes(overrides[i].Pattern + "\0");
            var text = Allocate(bytes.Length);
            Marshal.Copy(bytes, 0, text, bytes.Length);
            Marshal.WriteIntPtr(element, text);
            Marshal.WriteInt32(element, 8, (int)overrides[i].Type);
        }
        Array = elements; // the zeroed element after the last is the terminator
    }

    /// <summary>The array for <c>LLamaModelQuantizeParams.tensor_types</c>; valid until disposed.</summary>
    public IntPtr Array { get; }

    public void Dispose()
    {
        foreach (var allocation in _allocations)
            Marshal.FreeHGlobal(allocation);
        _allocations.Clear();
    }

    private IntPtr Allocate(int bytes)
    {
        var memory = Marshal.AllocHGlobal(bytes);
        unsafe
        {
            new Span<byte>((void*)memory, bytes).Clear();
        }
        _allocations.Add(memory);
        return memory;
    }
}
