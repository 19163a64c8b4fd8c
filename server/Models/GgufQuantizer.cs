using LLama.Native;

namespace CodeAssist.Server.Models;

/// <summary>Quantizes a GGUF with the real llama.cpp quantizer (llama_model_quantize).</summary>
public static class GgufQuantizer
{
    /// <summary>Format labels CodeAssist makes, with the llama.cpp file type each one asks the quantizer for.</summary>
    public static readonly IReadOnlyDictionary<string, LLamaFtype> Formats = new Dictionary<string, LLamaFtype>
    {
        ["Q8_0"] = LLamaFtype.MOSTLY_Q8_0,
        ["Q6_K"] = LLamaFtype.MOSTLY_Q6_K,
        ["Q4_K_M"] = LLamaFtype.MOSTLY_Q4_K_M,
        // LLamaQuantizer refuses this file type, the native call does not: expert tensors become MXFP4, the rest Q8_0
        ["MXFP4_MOE"] = LLamaFtype.LLAMA_FTYPE_MOSTLY_MXFP4_MOE,
    };

    public static void Quantize(string source, string destination, string format, int threads = 1)
    {
        if (!Formats.TryGetValue(format, out var fileType))
            throw new ArgumentException($"unknown format {format}; known: {string.Join(", ", Formats.Keys)}", nameof(format));
        // LLamaModelQuantizeParams.Default() calls native code directly; NativeApi's first use loads the library
        NativeApi.llama_empty_call();
        var parameters = LLamaModelQuantizeParams.Default();
        parameters.ftype = fileType;
        parameters.nthread = threads;
        var status = NativeApi.llama_model_quantize(source, destination, ref parameters);
        if (status != 0)
            throw new InvalidOperationException($"llama.cpp could not quantize {source} to {format} (status {status})");
    }
}
