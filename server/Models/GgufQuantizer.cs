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

    /// <summary>
    /// Dynamic mixes: a base file type plus per-tensor overrides (regex searched in the tensor name, first match wins).
    /// UD-Q4_K_XL follows the shape of Unsloth's "Dynamic 2.0" UD-Q4_K_XL files for Qwen3 MoE models, which keep the
    /// small, sensitive tensors at more bits and spend 4 bits where the parameters are: attention V at Q8_0, the other
    /// attention projections at Q6_K, embeddings and output at Q6_K, expert down-projections at Q5_K and expert
    /// gate/up at Q4_K. Norms and the router stay F32 as llama.cpp always keeps them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (LLamaFtype FileType, IReadOnlyList<(string Pattern, GgmlType Type)> Overrides)> Mixes =
        new Dictionary<string, (LLamaFtype, IReadOnlyList<(string, GgmlType)>)>
        {
            ["UD-Q4_K_XL"] = (LLamaFtype.MOSTLY_Q4_K_M,
            [
                (@"attn_v\.weight", GgmlType.Q8_0),
                (@"attn_(q|k|output)\.weight", GgmlType.Q6_K),
                (@"^token_embd\.weight", GgmlType.Q6_K),
                (@"^output\.weight", GgmlType.Q6_K),
                (@"ffn_down_exps\.weight", GgmlType.Q5_K),
                (@"ffn_(gate|up)_exps\.weight", GgmlType.Q4_K),
            ]),
        };

    public static IEnumerable<string> AllFormats => Formats.Keys.Concat(Mixes.Keys);

    public static void Quantize(string source, string destination, string format, int threads = 1)
    {
        // LLamaModelQuantizeParams.Default() calls native code directly; NativeApi's first use loads the library
        NativeApi.llama_empty_call();
        var parameters = LLamaModelQuantizeParams.Default();
        parameters.nthread = threads;
        using var overrides = Mixes.TryGetValue(format, out var mix) ? new TensorTypeOverrides(mix.Overrides) : null;
        if (mix.Overrides is not null)
        {
            parameters.ftype = mix.FileType;
            parameters.tensor_types = overrides!.Array;
        }
        else if (Formats.TryGetValue(format, out var fileType))
            parameters.ftype = fileType;
        else
            throw new ArgumentException($"unknown format {format}; known: {string.Join(", ", AllFormats)}", nameof(format));
        var status = NativeApi.llama_model_quantize(source, destination, ref parameters);
        if (status != 0)
            throw new InvalidOperationException($"llama.cpp could not quantize {source} to {format} (status {status})");
    }
}
