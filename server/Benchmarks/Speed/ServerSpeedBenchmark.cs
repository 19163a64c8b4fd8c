using System.Diagnostics;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Inference.LlamaServer;

namespace CodeAssist.Benchmarks.Speed;

/// <summary>
/// One prompt length through llama-server, medians of n cold runs: its own prompt and generation speed, its own time for the
/// request (prompt plus generation), and the time CodeAssist's client waited end to end for the same request.
/// </summary>
public sealed record ServerLengthSpeed(int PromptTokens, int Runs, double PromptTokensPerSecond, double GeneratedTokensPerSecond, int GeneratedTokens,
    double EndToEndMs, double ServerMs)
{
    /// <summary>End to end over llama-server's own time: what the HTTP client, streaming and parsing add (1 is nothing).</summary>
    public double PeerRatio => EndToEndMs / ServerMs;
}

public sealed record ServerFormatSpeed(string Label, string Model, IReadOnlyList<ServerLengthSpeed> Lengths);

/// <summary>
/// <c>bench speed --server-url</c>: each format's model in a llama-server router (its name is the file name without .gguf, as
/// in <c>--models-dir</c>), FIM requests through the same client the llama-server backend uses. Each run starts with a
/// comment of its own, so the server's prompt cache cannot serve it and every run evaluates the whole prompt.
/// </summary>
public sealed class ServerSpeedBenchmark(LlamaServerClient client, IReadOnlyList<int> promptLengths, int generatedTokens, int runs)
{
    private const string Code = """
        public sealed class Basket
        {
            private readonly List<Line> _lines = [];

            public void Add(string sku, int quantity, decimal price) => _lines.Add(new Line(sku, quantity, price));

            public decimal Total() => _lines.Sum(line => line.Quantity * line.Price);
        }

        """;

    public async Task<IReadOnlyList<ServerFormatSpeed>> RunAsync(
        IReadOnlyList<BenchModel> models, IProgress<BenchStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = models.Count * (promptLengths.Count + 1);
        var results = new List<ServerFormatSpeed>();
        foreach (var model in models)
        {
            var name = Path.GetFileNameWithoutExtension(model.Path);
            progress?.Report(new BenchStep($"{model.Label} load", results.Count * (promptLengths.Count + 1), total));
            // The first request has the router load the model; its time is the load, not the speed.
            var charsPerToken = (double)Code.Length / await client.CountTokensAsync(name, Code, cancellationToken);
            await RequestAsync(name, PromptOf(16, charsPerToken, "warm-up"), cancellationToken);
            var lengths = new List<ServerLengthSpeed>();
            foreach (var length in promptLengths)
            {
                progress?.Report(new BenchStep($"{model.Label} prompt {length}", results.Count * (promptLengths.Count + 1) + lengths.Count + 1, total));
                var measured = new List<(GenerationResult Result, double EndToEndMs)>();
                for (var run = 0; run < runs; run++)
                    measured.Add(await RequestAsync(name, PromptOf(length, charsPerToken, $"run {run}"), cancellationToken));
                lengths.Add(new ServerLengthSpeed(
                    (int)SpeedBenchmark.Median(measured.Select(m => (double)m.Result.PromptTokens)), runs,
                    SpeedBenchmark.Median(measured.Select(m => m.Result.Timings.PromptTokensPerSecond)),
                    SpeedBenchmark.Median(measured.Select(m => m.Result.Timings.GeneratedTokensPerSecond)),
                    (int)SpeedBenchmark.Median(measured.Select(m => (double)m.Result.Timings.GeneratedTokens)),
                    SpeedBenchmark.Median(measured.Select(m => m.EndToEndMs)),
                    SpeedBenchmark.Median(measured.Select(m => (m.Result.Timings.PromptEval + m.Result.Timings.Generation).TotalMilliseconds))));
            }
            results.Add(new ServerFormatSpeed(model.Label, name, lengths));
        }
        progress?.Report(new BenchStep("done", total, total));
        return results;
    }

    private async Task<(GenerationResult Result, double EndToEndMs)> RequestAsync(string model, string prefix, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await client.InfillAsync(model, new FimRequest(prefix, "\n"), new GenerationOptions { MaxTokens = generatedTokens }, null, cancellationToken);
        return (result, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>About <paramref name="tokens"/> tokens of code, its first line unique to the run so no cached prompt matches.</summary>
    private static string PromptOf(int tokens, double charsPerToken, string run)
    {
        var text = $"// {run} {Guid.NewGuid():N}\n" + string.Concat(Enumerable.Repeat(Code, (int)(tokens * charsPerToken / Code.Length) + 1));
        return text[..Math.Min(text.Length, (int)(tokens * charsPerToken))];
    }
}
