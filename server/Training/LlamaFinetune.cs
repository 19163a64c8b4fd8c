using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Training;

/// <summary>One progress line of llama-finetune: the running mean loss and accuracy of the epoch so far.</summary>
/// <param name="Elapsed">Time since this epoch's training (or validation) began, as llama-finetune reports it.</param>
public sealed record FinetuneProgress(bool Validation, int Epoch, int Window, int Windows, double MeanLoss, double MeanAccuracy, TimeSpan Elapsed = default);

/// <summary>
/// Runs llama.cpp's own trainer, <c>llama-finetune</c> (examples/training/finetune.cpp: llama_opt_init and
/// llama_opt_epoch with AdamW), as a child process. The libllama that LLamaSharp 0.30.0 ships aborts in llama_opt_epoch
/// (GGML_ASSERT in SET_ROWS on a view, llama.cpp issues #16258 and #18805), so training uses the newer v0.4.0 build.
/// </summary>
public sealed partial class LlamaFinetune(string executable)
{
    public const string ExecutableName = "llama-finetune";

    [GeneratedRegex(@"^(train|val): .*data=(\d+)/(\d+) loss=([0-9.]+).*acc=([0-9.]+)(?:.* t=(\d+):(\d\d):(\d\d))?")]
    private static partial Regex ProgressLine();

    /// <summary>The llama-finetune that tests/llama-server/build.sh built, or null.</summary>
    public static string? FindCached() => LlamaCppTools.FindCached(ExecutableName);

    public sealed record Settings(int Context, int Threads, int Epochs, double LearningRate, double MinLearningRate, double ValidationFraction);

    /// <summary>Trains <paramref name="model"/> on <paramref name="textFile"/> and saves the result to <paramref name="output"/>.</summary>
    public async Task RunAsync(string model, string textFile, string output, Settings settings, IProgress<FinetuneProgress> progress,
        TextWriter log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in Arguments(model, textFile, output, settings))
            start.ArgumentList.Add(argument);
        // the exact command line first, so a run can be repeated elsewhere by hand
        await log.WriteLineAsync(string.Join(' ', start.ArgumentList.Prepend(executable)));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var parser = new ProgressParser(progress);
        void OnLine(string? line)
        {
            if (line is null)
                return;
            lock (log)
            {
                log.WriteLine(line);
                parser.Parse(line);
            }
        }
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true); // Ctrl-C: the caller deletes the partial files
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{ExecutableName} failed with exit code {process.ExitCode}; its output is in the training log");
    }

    /// <summary>Reports the progress lines of a finished run's log.</summary>
    public static void Replay(IEnumerable<string> logLines, IProgress<FinetuneProgress> progress)
    {
        var parser = new ProgressParser(progress);
        foreach (var line in logLines)
            parser.Parse(line);
    }

    /// <summary>Counts epochs: a training window number lower than the previous one starts the next epoch.</summary>
    private sealed class ProgressParser(IProgress<FinetuneProgress> progress)
    {
        private int _epoch, _lastWindow = -1;

        public void Parse(string line)
        {
            if (ProgressLine().Match(line) is not { Success: true } match)
                return;
            var validation = match.Groups[1].Value == "val";
            var window = Number(match.Groups[2]);
            if (!validation)
            {
                if (window < _lastWindow)
                    _epoch++;
                _lastWindow = window;
            }
            var elapsed = match.Groups[6].Success
                ? new TimeSpan(Number(match.Groups[6]), Number(match.Groups[7]), Number(match.Groups[8]))
                : TimeSpan.Zero;
            progress.Report(new FinetuneProgress(validation, _epoch, window, Number(match.Groups[3]),
                double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture) / 100,
                elapsed));
        }

        private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> Arguments(string model, string textFile, string output, Settings s)
    {
        string F(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
        // one window of Context tokens per optimizer step; windows overlap by half (finetune.cpp's stride is n_ctx / 2)
        return ["-m", model, "-f", textFile, "-o", output, "-c", $"{s.Context}", "-b", $"{s.Context}", "-ub", $"{s.Context}",
            "-t", $"{s.Threads}", "-ngl", "0", "--epochs", $"{s.Epochs}", "-lr", F(s.LearningRate), "-lr-min", F(s.MinLearningRate),
            "-decay-epochs", $"{s.Epochs}", "-wd", "0", "--val-split", F(s.ValidationFraction)];
    }
}
