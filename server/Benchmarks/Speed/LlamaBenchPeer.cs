using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace CodeAssist.Benchmarks.Speed;

/// <summary>What llama.cpp's own <c>llama-bench</c> measured on the same file: prompt tok/s per length and generation tok/s.</summary>
public sealed record PeerSpeed(string Build, IReadOnlyDictionary<int, double> PromptTokensPerSecond, double GeneratedTokensPerSecond);

/// <summary>
/// The peer engine side by side: runs the current llama.cpp's <c>llama-bench</c> (tests/llama-server/build.sh builds it) on
/// the same GGUF with the same threads, prompt lengths, generated tokens and repetitions as <c>bench speed</c>, and reads its
/// JSON. CodeAssist runs the llama.cpp that LLamaSharp bundles, so the ratio shows what the older engine costs.
/// </summary>
public sealed class LlamaBenchPeer(string executable)
{
    public const string ExecutableName = "llama-bench";

    public async Task<PeerSpeed> MeasureAsync(string model, int threads, IReadOnlyList<int> promptLengths, int generatedTokens, int runs,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "-m", model, "-t", threads.ToString(CultureInfo.InvariantCulture),
                     "-p", string.Join(',', promptLengths), "-n", generatedTokens.ToString(CultureInfo.InvariantCulture),
                     "-r", runs.ToString(CultureInfo.InvariantCulture), "-o", "json",
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{ExecutableName} failed with exit code {process.ExitCode}: {LastLine(await stderr)}");
        return Parse(stdout);
    }

    /// <summary>llama-bench's <c>-o json</c>: one entry per test, prompt tests with n_gen 0 and generation tests with n_prompt 0.</summary>
    public static PeerSpeed Parse(string json)
    {
        var tests = JsonNode.Parse(json) as JsonArray ?? throw new FormatException("llama-bench printed no JSON array");
        var prompt = new Dictionary<int, double>();
        double generation = double.NaN;
        string build = "";
        foreach (var test in tests.OfType<JsonObject>())
        {
            var promptTokens = (int?)test["n_prompt"] ?? 0;
            var generated = (int?)test["n_gen"] ?? 0;
            var tokensPerSecond = (double?)test["avg_ts"] ?? double.NaN;
            build = (string?)test["build_commit"] ?? build;
            if (generated == 0 && promptTokens > 0)
                prompt[promptTokens] = tokensPerSecond;
            else if (promptTokens == 0 && generated > 0)
                generation = tokensPerSecond;
        }
        return new PeerSpeed(build, prompt, generation);
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];
}
