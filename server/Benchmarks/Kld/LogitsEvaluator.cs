using CodeAssist.Server.Inference;
using LLama;
using LLama.Native;

namespace CodeAssist.Benchmarks.Kld;

/// <summary>
/// Next-token log-probabilities at every scored position of a chunk, from its own context on a loaded model's weights (the
/// host's session and its cache stay untouched). The chunk is evaluated from an empty cache, like llama-perplexity does.
/// </summary>
internal sealed class LogitsEvaluator(ModelHost host) : IDisposable
{
    private readonly LLamaContext _context = host.Weights.CreateContext(host.Parameters);

    /// <summary>
    /// Row r holds log softmax of the logits at position <paramref name="firstScored"/> + r, which predict the token after
    /// it; positions run up to the chunk's second-to-last token.
    /// </summary>
    public float[][] LogProbabilities(IReadOnlyList<LLamaToken> chunk, int firstScored)
    {
        _context.NativeHandle.MemoryClear(true);
        var rows = new float[chunk.Count - 1 - firstScored][];
        var batchSize = (int)_context.BatchSize;
        var batch = new LLamaBatch();
        for (var start = 0; start < chunk.Count - 1; start += batchSize)
        {
            var end = Math.Min(start + batchSize, chunk.Count - 1);
            batch.Clear();
            for (var i = start; i < end; i++)
                batch.Add(chunk[i], (LLamaPos)i, (LLamaSeqId)0, i >= firstScored);
            var result = _context.NativeHandle.Decode(batch);
            if (result != DecodeResult.Ok)
                throw new InvalidOperationException($"llama_decode failed: {result}");
            for (var i = Math.Max(start, firstScored); i < end; i++)
                rows[i - firstScored] = LogSoftmax(_context.NativeHandle.GetLogitsIth(i - start));
        }
        return rows;
    }

    public void Dispose() => _context.Dispose();

    private static float[] LogSoftmax(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
            max = Math.Max(max, logit);
        var sum = 0.0;
        foreach (var logit in logits)
            sum += Math.Exp(logit - max);
        var logSum = (float)(max + Math.Log(sum));
        var result = new float[logits.Length];
        for (var i = 0; i < logits.Length; i++)
            result[i] = logits[i] - logSum;
        return result;
    }
}
