using System.Globalization;

namespace CodeAssist.Server.Benchmarks.Speed;

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
        return new BenchReport("CodeAssist benchmark: speed", warnings,
            [$"{threads} llama.cpp thread(s). Peak RSS is the process's VmHWM, reset before each model loads. First-token latency includes prompt evaluation."],
            [perFormat, perLength], [], formats);
    }
}
