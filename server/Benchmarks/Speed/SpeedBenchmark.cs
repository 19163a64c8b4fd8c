using CodeAssist.Server.Inference;
using LLama.Native;

namespace CodeAssist.Benchmarks.Speed;

/// <summary>Speed at one prompt length: medians over the runs, each from a cold cache.</summary>
public sealed record PromptLengthSpeed(int PromptTokens, int Runs, double PromptTokensPerSecond, double GeneratedTokensPerSecond, double FirstTokenMs);

public sealed record FormatSpeed(
    string Label, string Sha256, string FileType, string Backend, string Device, double LoadMs, long PeakResidentBytes, long? EstimatedVramBytes,
    int GeneratedTokens, IReadOnlyList<PromptLengthSpeed> Lengths, PeerSpeed? Peer);

/// <summary>
/// Per format: load time, then for each prompt length a few cold runs of prompt evaluation plus a fixed number of generated
/// tokens (end-of-generation ignored), and the peak resident memory while doing so; with a <paramref name="peer"/>, the
/// same file, threads, lengths and runs in llama.cpp's own llama-bench after it. Measurements, so nothing is stored.
/// </summary>
public sealed class SpeedBenchmark(ModelHostSettings settings, IReadOnlyList<int> promptLengths, int generatedTokens, int runs, LlamaBenchPeer? peer = null)
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace Shop;

        public sealed record Line(string Sku, int Quantity, decimal Price);

        public sealed class Basket
        {
            private readonly List<Line> _lines = [];

            public void Add(string sku, int quantity, decimal price) => _lines.Add(new Line(sku, quantity, price));

            public decimal Total() => _lines.Sum(line => line.Quantity * line.Price);

            public IEnumerable<string> Skus() => _lines.Select(line => line.Sku).Distinct().Order();
        }

        """;

    public async Task<IReadOnlyList<FormatSpeed>> RunAsync(
        IReadOnlyList<BenchModel> models, IProgress<BenchStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = models.Count * (promptLengths.Count + 1);
        var done = 0;
        var results = new List<FormatSpeed>();
        foreach (var model in models)
        {
            progress?.Report(new BenchStep($"{model.Label} load", done, total));
            PeakMemory.Reset();
            await using var host = await ModelHost.LoadAsync(model.Path, settings, cancellationToken: cancellationToken);
            done++;
            var lengths = new List<PromptLengthSpeed>();
            foreach (var length in promptLengths.Where(l => l + generatedTokens < host.Session.ContextSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new BenchStep($"{model.Label} prompt {length}", done, total));
                lengths.Add(await MeasureAsync(host, length, cancellationToken));
                done++;
            }
            var onGpu = host.Report.LayersOffloaded > 0;
            var peak = PeakMemory.Bytes();
            PeerSpeed? peerSpeed = null;
            if (peer is not null)
            {
                progress?.Report(new BenchStep($"{model.Label} llama-bench", done, total));
                peerSpeed = await peer.MeasureAsync(model.Path, host.Report.Threads, lengths.Select(l => l.PromptTokens).ToArray(), generatedTokens, runs, cancellationToken);
            }
            results.Add(new FormatSpeed(model.Label, model.Sha256, model.Fingerprint.FileTypeName, host.Report.Backend, host.Report.Device,
                host.Report.LoadTime.TotalMilliseconds, peak, onGpu ? host.Report.EstimatedVramBytes : null, generatedTokens, lengths, peerSpeed));
            done = results.Count * (promptLengths.Count + 1);
        }
        progress?.Report(new BenchStep("done", total, total));
        return results;
    }

    private async Task<PromptLengthSpeed> MeasureAsync(ModelHost host, int length, CancellationToken cancellationToken)
    {
        var prompt = PromptOf(host, length);
        var options = new GenerationOptions { MaxTokens = generatedTokens, StopAtEndOfGeneration = false };
        var timings = new List<RequestTimings>();
        for (var run = 0; run < runs; run++)
        {
            await host.Session.ResetCacheAsync();
            timings.Add((await host.Session.GenerateAsync(prompt, options, cancellationToken: cancellationToken)).Timings);
        }
        return new PromptLengthSpeed(length, runs,
            Median(timings.Select(t => t.PromptTokensPerSecond)),
            Median(timings.Select(t => t.GeneratedTokensPerSecond)),
            Median(timings.Select(t => (t.FirstTokenLatency ?? t.Total).TotalMilliseconds)));
    }

    private static IReadOnlyList<LLamaToken> PromptOf(ModelHost host, int length)
    {
        var unit = host.Tokenize(Code);
        return Enumerable.Range(0, length).Select(i => unit[i % unit.Count]).ToArray();
    }

    /// <summary>The upper middle value (no interpolation, so it is a measured value); NaN when there is none.</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
