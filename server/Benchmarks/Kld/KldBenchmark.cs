using CodeAssist.Server.Inference;
using CodeAssist.Telemetry;
using LLama.Native;

namespace CodeAssist.Benchmarks.Kld;

/// <summary>Per scored token of one chunk: KL divergence from the reference, negative log-likelihood of the real next token, same top-1.</summary>
public sealed record ChunkScores(double[] Kld, double[] Nll, bool[] SameTop1);

public sealed record KldFormatScores(BenchModel Model, IReadOnlyList<ChunkScores> Chunks, int Computed);

/// <summary>
/// Token-level agreement with a reference format, as llama-perplexity --kl-divergence measures it: the corpus is cut into
/// chunks of the context size, each evaluated from an empty cache, and the second half of each chunk is scored (the first
/// half is there so every scored token has context). Reference log-probabilities are cached on disk; per-chunk scores go
/// to the result store, so reruns and interrupted runs are cheap.
/// </summary>
public sealed class KldBenchmark(ModelHostSettings settings, BenchResultStore store, string? cacheDirectory = null)
{
    public const string Name = "kld";

    private readonly string _cacheDirectory = cacheDirectory ?? Path.Combine(AppPaths.CacheDirectory, "kld-reference");

    public async Task<IReadOnlyList<KldFormatScores>> RunAsync(
        BenchModel reference, IReadOnlyList<BenchModel> models, KldCorpus corpus, int? maxChunks,
        IProgress<BenchStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var contextSize = (int)settings.ContextSize;
        var firstScored = contextSize / 2;
        IReadOnlyList<LLamaToken> tokens;
        int chunks;
        string cachePath;
        await using (var referenceHost = await ModelHost.LoadAsync(reference.Path, settings, cancellationToken: cancellationToken))
        {
            tokens = referenceHost.Tokenize(corpus.Text);
            chunks = Math.Min(tokens.Count / contextSize, maxChunks ?? int.MaxValue);
            if (chunks == 0)
                throw new ArgumentException($"The corpus has {tokens.Count} tokens; one chunk needs {contextSize}.");
            cachePath = Path.Combine(_cacheDirectory, $"{reference.Sha256[..16]}-{corpus.Sha256[..16]}-ctx{contextSize}-chunks{chunks}.f32");
            if (!File.Exists(cachePath))
            {
                using var evaluator = new LogitsEvaluator(referenceHost);
                ReferenceLogits.OpenOrCreate(cachePath, chunks, chunk =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new BenchStep($"reference {reference.Label} chunk {chunk + 1}/{chunks}", 0, 1));
                    return evaluator.LogProbabilities(Chunk(tokens, chunk, contextSize, referenceHost.Vocabulary.BeginningOfSequence), firstScored);
                }).Dispose();
            }
        }

        using var referenceLogits = ReferenceLogits.OpenOrCreate(cachePath, chunks, _ => throw new InvalidOperationException("cache vanished"));
        var config = $"ref={reference.Sha256};corpus={corpus.Sha256};ctx={contextSize}";
        var total = models.Count * chunks;
        var done = 0;
        var results = new List<KldFormatScores>();
        foreach (var model in models)
        {
            var key = BenchKey.For(Name, model, config);
            var scores = new List<ChunkScores>();
            ModelHost? host = null;
            LogitsEvaluator? evaluator = null;
            var computed = 0;
            try
            {
                for (var chunk = 0; chunk < chunks; chunk++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new BenchStep($"{model.Label} chunk {chunk + 1}/{chunks}", done, total));
                    if (!store.TryGet(key, $"chunk{chunk}", out ChunkScores chunkScores))
                    {
                        if (host is null)
                        {
                            host = await ModelHost.LoadAsync(model.Path, settings, cancellationToken: cancellationToken);
                            if (!host.Tokenize(corpus.Text).SequenceEqual(tokens))
                                throw new InvalidOperationException($"{model.Label} tokenizes the corpus differently from {reference.Label}; KL divergence needs the same vocabulary.");
                            evaluator = new LogitsEvaluator(host);
                        }
                        var chunkTokens = Chunk(tokens, chunk, contextSize, host.Vocabulary.BeginningOfSequence);
                        chunkScores = Score(referenceLogits.ReadChunk(chunk), evaluator!.LogProbabilities(chunkTokens, firstScored), chunkTokens, firstScored);
                        store.Put(key, $"chunk{chunk}", chunkScores);
                        computed++;
                    }
                    scores.Add(chunkScores);
                    done++;
                }
            }
            finally
            {
                evaluator?.Dispose();
                if (host is not null)
                    await host.DisposeAsync();
            }
            results.Add(new KldFormatScores(model, scores, computed));
        }
        progress?.Report(new BenchStep("done", total, total));
        return results;
    }

    /// <summary>Like llama-perplexity, a model that expects a BOS token gets it in place of each chunk's first token.</summary>
    private static LLamaToken[] Chunk(IReadOnlyList<LLamaToken> tokens, int chunk, int contextSize, LLamaToken? bos)
    {
        var result = tokens.Skip(chunk * contextSize).Take(contextSize).ToArray();
        if (bos is { } token)
            result[0] = token;
        return result;
    }

    private static ChunkScores Score(float[][] reference, float[][] test, IReadOnlyList<LLamaToken> chunk, int firstScored)
    {
        var kld = new double[reference.Length];
        var nll = new double[reference.Length];
        var sameTop1 = new bool[reference.Length];
        for (var row = 0; row < reference.Length; row++)
        {
            var (p, q) = (reference[row], test[row]);
            var divergence = 0.0;
            for (var i = 0; i < p.Length; i++)
                divergence += Math.Exp(p[i]) * (p[i] - q[i]);
            kld[row] = Math.Max(0, divergence);
            nll[row] = -q[(int)chunk[firstScored + row + 1]];
            sameTop1[row] = ArgMax(p) == ArgMax(q);
        }
        return new ChunkScores(kld, nll, sameTop1);
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }
}
