using System.Globalization;
using CodeAssist.Server.Reports;

namespace CodeAssist.Benchmarks.Speed;

public static class SpeedReport
{
    public static BenchReport Build(IReadOnlyList<FormatSpeed> formats, int threads, IReadOnlyList<string> warnings)
    {
        var perFormat = new BenchTable("Per format",
            ["Format", "SHA-256", "File type", "Backend", "Device", "Load ms", "Peak RSS MiB", "VRAM MiB (est.)"],
            formats.Select(f => (IReadOnlyList<string>)
            [
                f.Label, BenchText.Short(f.Sha256), f.FileType, f.Backend, f.Device, BenchText.Number(f.LoadMs, "0"),
                BenchText.Number(f.PeakResidentBytes / 1048576.0, "0.0"),
                f.EstimatedVramBytes is { } vram ? BenchText.Number(vram / 1048576.0, "0.0") : "-",
            ]).ToArray());
        var perLength = new BenchTable("By prompt length (medians of n cold runs)",
            ["Format", "Prompt tokens", "Runs (n)", "Prompt eval tok/s", "Generation tok/s (tokens)", "First token ms"],
            formats.SelectMany(f => f.Lengths.Select(l => (IReadOnlyList<string>)
            [
                f.Label, l.PromptTokens.ToString(CultureInfo.InvariantCulture), l.Runs.ToString(CultureInfo.InvariantCulture),
                BenchText.Number(l.PromptTokensPerSecond, "0"), $"{BenchText.Number(l.GeneratedTokensPerSecond, "0")} ({f.GeneratedTokens})",
                BenchText.Number(l.FirstTokenMs, "0.0"),
            ])).ToArray());
        var notes = new List<string>
        {
            $"{threads} llama.cpp thread(s). Peak RSS is the process's VmHWM, reset before each model loads. First-token latency includes prompt evaluation.",
        };
        var tables = new List<BenchTable> { perFormat, perLength };
        if (formats.Any(f => f.Peer is not null))
        {
            tables.Add(PeerTable(formats));
            notes.Add("Peer: llama.cpp's own llama-bench (build " + string.Join(", ", formats.Select(f => f.Peer?.Build).OfType<string>().Distinct()) +
                      ") on the same file with the same threads, lengths and runs; ratio = CodeAssist tok/s over llama-bench tok/s (below 1: slower).");
        }
        return new BenchReport("CodeAssist benchmark: speed", warnings, notes, tables, [], formats);
    }

    /// <summary>The same lengths through a llama-server router, with the peer ratio of each.</summary>
    public static BenchReport BuildForServer(IReadOnlyList<ServerFormatSpeed> formats, string serverUrl, IReadOnlyList<string> warnings)
    {
        var table = new BenchTable($"Through llama-server at {serverUrl} (medians of n cold runs)",
            ["Format", "Prompt tokens", "Runs (n)", "Prompt eval tok/s", "Generation tok/s (tokens)", "End to end ms", "llama-server ms", "Peer ratio"],
            formats.SelectMany(f => f.Lengths.Select(l => (IReadOnlyList<string>)
            [
                f.Label, l.PromptTokens.ToString(CultureInfo.InvariantCulture), l.Runs.ToString(CultureInfo.InvariantCulture),
                BenchText.Number(l.PromptTokensPerSecond, "0"), $"{BenchText.Number(l.GeneratedTokensPerSecond, "0")} ({l.GeneratedTokens})",
                BenchText.Number(l.EndToEndMs, "0.0"), BenchText.Number(l.ServerMs, "0.0"), BenchText.Number(l.PeerRatio, "0.00"),
            ])).ToArray());
        return new BenchReport("CodeAssist benchmark: speed through llama-server", warnings,
            ["Speeds are llama-server's own timings. Peer ratio = the time CodeAssist's client waited end to end over llama-server's own prompt + generation time for the same request.",
             "Each format's model is the router's model named as its file without .gguf; generation stops at the model's end of text or the token count."],
            [table], [], formats);
    }

    private static BenchTable PeerTable(IReadOnlyList<FormatSpeed> formats) =>
        new("Against the peer engine (llama-bench)",
            ["Format", "Test", "CodeAssist tok/s", "llama-bench tok/s", "Ratio"],
            formats.Where(f => f.Peer is not null).SelectMany(f =>
                f.Lengths.Select(l => Row(f.Label, $"pp{l.PromptTokens}", l.PromptTokensPerSecond, f.Peer!.PromptTokensPerSecond.GetValueOrDefault(l.PromptTokens, double.NaN)))
                    // generation is measured after each prompt length; its median stands beside llama-bench's one tg test
                    .Append(Row(f.Label, $"tg{f.GeneratedTokens}", SpeedBenchmark.Median(f.Lengths.Select(l => l.GeneratedTokensPerSecond)), f.Peer!.GeneratedTokensPerSecond)))
                .ToArray());

    private static IReadOnlyList<string> Row(string label, string test, double ours, double peer) =>
        [label, test, BenchText.Number(ours, "0"), BenchText.Number(peer, "0"), BenchText.Number(ours / peer, "0.00")];
}
