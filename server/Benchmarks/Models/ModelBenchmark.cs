using System.Diagnostics;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using LLama.Native;

namespace CodeAssist.Benchmarks.Models;

/// <summary>One model's numbers; <see cref="OursOverBare"/> is our generation time over the bare loop's (1.0 = no overhead).</summary>
public sealed record ModelBenchmarkRow(
    string Architecture,
    string Format,
    double LoadMs,
    int PromptTokens,
    double PromptTokensPerSecond,
    int GeneratedTokens,
    double GeneratedTokensPerSecond,
    double FirstTokenMs,
    double BareGeneratedTokensPerSecond,
    double OursOverBare);

/// <summary>
/// Measures each demo model: load time, prompt evaluation and generation speed, first-token latency, and our generation
/// loop against a bare LLamaSharp decode loop (own context on the same weights, greedy sampler, no text decoding) for the
/// same prompt and token count. Each speed is the median of several cold runs.
/// The ratio is taken per run (same moment, same machine load) and its median reported.
/// </summary>
public static class ModelBenchmark
{
    private const string Code = """
        using System;
        using System.Collections.Generic;

        namespace Demo;

        public sealed class OrderBook
        {
            private readonly Dictionary<string, decimal> _prices = new();

            public void Set(string symbol, decimal price) => _prices[symbol] = price;

            public decimal Total(IEnumerable<string> symbols)
            {
                var total = 0m;
                foreach (var symbol in symbols)
                    total += _prices.TryGetValue(symbol, out var price) ? price : 0m;
                return total;
            }
        }

        """;

    public static async Task<IReadOnlyList<ModelBenchmarkRow>> RunAsync(
        IEnumerable<DemoModel> models, ModelHostSettings settings, int promptTokens, int generatedTokens, int runs,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var rows = new List<ModelBenchmarkRow>();
        foreach (var model in models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"{Path.GetFileName(model.Path)} ...");
            await using var host = await ModelHost.LoadAsync(model.Path, settings, cancellationToken: cancellationToken);
            var prompt = PromptOf(host, promptTokens);
            var options = new GenerationOptions { MaxTokens = generatedTokens, StopAtEndOfGeneration = false };

            await host.Session.GenerateAsync(prompt, options with { MaxTokens = 2 }, cancellationToken: cancellationToken);
            // Interleaved, so load from other processes hits both loops alike.
            var ours = new List<GenerationResult>();
            var bare = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                await host.Session.ResetCacheAsync();
                ours.Add(await host.Session.GenerateAsync(prompt, options, cancellationToken: cancellationToken));
                bare.Add(BareGenerationSeconds(host, prompt, generatedTokens));
            }

            rows.Add(new ModelBenchmarkRow(
                model.Architecture,
                model.Format,
                host.Report.LoadTime.TotalMilliseconds,
                prompt.Count,
                Median(ours.Select(r => r.Timings.PromptTokensPerSecond)),
                generatedTokens,
                Median(ours.Select(r => r.Timings.GeneratedTokensPerSecond)),
                Median(ours.Select(r => (r.Timings.FirstTokenLatency ?? TimeSpan.Zero).TotalMilliseconds)),
                Median(bare.Select(seconds => generatedTokens / seconds)),
                Median(ours.Zip(bare, (r, seconds) => r.Timings.Generation.TotalSeconds / seconds))));
        }
        return rows;
    }

    private static IReadOnlyList<LLamaToken> PromptOf(ModelHost host, int promptTokens)
    {
        var tokens = new List<LLamaToken>();
        while (tokens.Count < promptTokens)
            tokens.AddRange(host.Tokenize(Code));
        return tokens.GetRange(0, Math.Min(promptTokens, host.Session.ContextSize / 2));
    }

    /// <summary>
    /// The reference: prompt decode, then sample and decode one token at a time with nothing else in the loop. Timed is the
    /// part that matches our generation phase (after the prompt's logits exist), so the difference is our loop's overhead.
    /// A fresh context on the same weights keeps the session's cache untouched.
    /// </summary>
    private static double BareGenerationSeconds(ModelHost host, IReadOnlyList<LLamaToken> prompt, int generatedTokens)
    {
        using var context = host.Weights.CreateContext(host.Parameters);
        using var sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        sampler.AddGreedySampler();
        var batch = new LLamaBatch();
        var batchSize = (int)context.BatchSize;
        for (var start = 0; start < prompt.Count; start += batchSize)
        {
            batch.Clear();
            for (var i = start; i < Math.Min(start + batchSize, prompt.Count); i++)
                batch.Add(prompt[i], (LLamaPos)i, (LLamaSeqId)0, i == prompt.Count - 1);
            context.NativeHandle.Decode(batch);
        }

        var clock = Stopwatch.StartNew();
        var logitIndex = batch.TokenCount - 1;
        for (var generated = 0; generated < generatedTokens; generated++)
        {
            var token = sampler.Sample(context.NativeHandle, logitIndex);
            if (generated == generatedTokens - 1)
                break;
            batch.Clear();
            batch.Add(token, (LLamaPos)(prompt.Count + generated), (LLamaSeqId)0, true);
            context.NativeHandle.Decode(batch);
            logitIndex = 0;
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
