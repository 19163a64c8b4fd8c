using LLama;
using LLama.Common;
using LLama.Native;

namespace CodeAssist.Server.Tests.Models;

/// <summary>Loads a GGUF in llama.cpp and decodes greedily: real inference, one thread, small context.</summary>
internal static class TinyInference
{
    public static IReadOnlyList<int> GreedyTokens(string path, string prompt, int count)
    {
        var parameters = new ModelParams(path) { ContextSize = 256, Threads = 1, BatchThreads = 1, GpuLayerCount = 0, BatchSize = 64 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var prompted = context.Tokenize(prompt, addBos: true, special: true);
        var batch = new LLamaBatch();
        batch.AddRange(prompted, 0, LLamaSeqId.Zero, true);
        var generated = new List<int>();
        for (var position = prompted.Length; generated.Count < count; position++)
        {
            var result = context.Decode(batch);
            if (result != DecodeResult.Ok)
                throw new InvalidOperationException($"decode failed: {result}");
            var next = ArgMax(context.NativeHandle.GetLogitsIth(batch.TokenCount - 1));
            generated.Add(next);
            batch.Clear();
            batch.Add((LLamaToken)next, position, LLamaSeqId.Zero, true);
        }
        return generated;
    }

    public static IReadOnlyList<int> Tokenize(string path, string text, bool special = true)
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });
        return weights.Tokenize(text, add_bos: false, special, System.Text.Encoding.UTF8).Select(t => (int)t).ToArray();
    }

    /// <summary>The logits after the last of <paramref name="tokens"/>.</summary>
    public static float[] LastLogits(string path, IReadOnlyList<int> tokens)
    {
        var parameters = new ModelParams(path) { ContextSize = 256, Threads = 1, BatchThreads = 1, GpuLayerCount = 0, BatchSize = 64 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Count; i++)
            batch.Add((LLamaToken)tokens[i], i, LLamaSeqId.Zero, i == tokens.Count - 1);
        if (context.Decode(batch) != DecodeResult.Ok)
            throw new InvalidOperationException("decode failed");
        return context.NativeHandle.GetLogitsIth(tokens.Count - 1).ToArray();
    }

    private static int ArgMax(Span<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best])
                best = i;
        return best;
    }
}
