using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>The benchmarks that drive the server as an editor would: the executable starts `codeassist serve` and talks LSP to it.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed partial class BenchCliTests(DemoModelsFixture models)
{
    [Fact]
    public async Task Bench_verbs_run_in_codeassist_bench_with_the_same_help_and_exit_codes()
    {
        var (helpExit, help) = await ServerProcess.RunAsync("bench", "--help");
        var (unknownExit, unknown) = await ServerProcess.RunAsync("bench", "no-such-verb");

        Assert.True(helpExit == 0, help);
        Assert.Contains("codeassist bench [command] [options]", help);
        Assert.Contains("completion", help);
        Assert.Equal(1, unknownExit);
        Assert.Contains("no-such-verb", unknown);
    }

    [Fact]
    public async Task Bench_lsp_times_a_cold_start_and_requests_that_do_nothing()
    {
        var (exit, output) = await ServerProcess.RunAsync("bench", "lsp", "--starts", "2", "--requests", "50");

        Assert.True(exit == 0, output);
        Assert.Matches(@"cold start[^\n]*\d", output);
    }

    [Fact]
    public async Task Bench_completion_prints_overhead_ratio_and_kv_reuse_over_real_keystrokes()
    {
        var (exit, output) = await ServerProcess.RunAsync("bench", "completion", "--models-dir", models.Directory,
            "--threads", "1", "--warmup", "2", "--keystrokes", "4", "--lines", "200", "--max-tokens", "8", "--interval-ms", "0", "--verify", "annotate");

        Assert.True(exit == 0, output);
        Assert.Contains("n=", output);
        Assert.Contains("after 2 warm-up keystrokes", output);
        Assert.InRange(int.Parse(SampleCount().Match(output).Groups[1].Value), 1, 4); // the warm-up keystrokes are not samples
        var ratio = Row("end to end / model time", output);
        Assert.InRange(ratio, 1.0, 100.0); // end to end includes the model's time
        Assert.InRange(Row("prompt tokens reused from the KV cache", output), 50.0, 100.0); // typing one character keeps most of the prompt
    }

    [Fact]
    public async Task Bench_completion_on_a_hybrid_model_reuses_the_prompt_through_state_checkpoints()
    {
        var (exit, output) = await ServerProcess.RunAsync("bench", "completion", "--model", "qwen3next=" + models.Get("qwen3next", "Q8_0").Path,
            "--threads", "1", "--warmup", "2", "--keystrokes", "4", "--lines", "200", "--max-tokens", "8", "--interval-ms", "0", "--verify", "off");

        Assert.True(exit == 0, output);
        Assert.True(Row("keystrokes by reuse path: checkpoint", output) >= 1, output);
        Assert.InRange(Row("prompt tokens reused from the KV cache", output), 50.0, 100.0);
        Assert.True(Row("state checkpoint memory (MiB)", output) > 0, output);
        Assert.True(Row("checkpoint restore (ms)", output) > 0, output);
    }

    [Fact]
    public async Task Bench_soak_types_switches_formats_opens_big_documents_and_prints_memory_threads_handles_and_crashes()
    {
        // A few seconds of work; the run still lasts about two minutes, because the end is sampled after the server's
        // last collection of closed documents.
        var (exit, output) = await ServerProcess.RunAsync("bench", "soak", "--models-dir", models.Directory, "--threads", "1",
            "--minutes", "0.1", "--interval-ms", "50", "--switch-seconds", "1", "--big-seconds", "2", "--big-documents", "2", "--big-mb", "1");

        Assert.True(exit == 0, output);
        Assert.Matches(@"resident memory \(MiB\)\s*│\s*\d+\s*│\s*\d+\s*│\s*\d+", output);
        Assert.Matches(@"threads\s*│\s*\d+", output);
        Assert.Matches(@"handles[^\n]*│\s*\d+", output);
        Assert.Matches(@"came back|did NOT come back", output);
        Assert.Matches(@"crashes \(server exit\)\s*│[^\n]*│\s*0\s*│", output);
    }

    [Fact]
    public async Task Bench_soak_reports_a_server_that_dies_as_a_crash_with_its_exit_code()
    {
        var info = new ProcessStartInfo(ServerProcess.ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "bench", "soak", "--models-dir", models.Directory, "--threads", "1", "--minutes", "5", "--big-documents", "0" })
            info.ArgumentList.Add(argument);
        using var bench = Process.Start(info)!;
        var output = new StringBuilder();
        bench.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        bench.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        bench.BeginOutputReadLine();
        bench.BeginErrorReadLine();
        string Output() { lock (output) return output.ToString(); }

        var soaking = await Polling.UntilAsync(() => ServerPid().Match(Output()) is { Success: true } match ? match : null,
            TimeSpan.FromMinutes(3), () => $"the soak never started:\n{Output()}");
        using (var server = Process.GetProcessById(int.Parse(soaking.Groups[1].Value, CultureInfo.InvariantCulture)))
            server.Kill();
        await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(bench.ExitCode == 0, Output());
        Assert.Matches(@"crashes \(server exit\)\s*│[^\n]*│\s*1 \(exit code 137\)", Output()); // 128 + SIGKILL
    }

    /// <summary>The p50 column of a row of the printed table.</summary>
    private static double Row(string name, string output)
    {
        var line = output.Split('\n').Single(l => l.Contains(name, StringComparison.Ordinal));
        return double.Parse(line.Split('│', StringSplitOptions.TrimEntries)[2], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"server pid (\d+)")]
    private static partial Regex ServerPid();

    [GeneratedRegex(@"n=(\d+)")]
    private static partial Regex SampleCount();
}
