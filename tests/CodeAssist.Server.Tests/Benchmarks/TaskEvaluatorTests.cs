using System.Globalization;
using CodeAssist.Benchmarks.Tasks;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>The harness judged with hand-written completions of real MBPP tasks.</summary>
public sealed class TaskEvaluatorTests
{
    private static readonly TaskEvaluator Evaluator = new(new RunLimits { Timeout = TimeSpan.FromSeconds(20) });

    [Theory]
    [InlineData("mbpp_101_kth_element", "        return arr[(int)k - 1];\n")]
    [InlineData("mbpp_103_eulerian_num", "        if (m >= n || n == 0) return 0;\n        if (m == 0) return 1;\n        return (n - m) * EulerianNum(n - 1, m - 1) + (m + 1) * EulerianNum(n - 1, m);\n")]
    [InlineData("mbpp_257_swap_numbers", "        return new List<long> { b, a };\n")]
    public async Task Correct_solutions_pass(string name, string completion)
    {
        var outcome = await Evaluator.EvaluateAsync(Mbpp.Task(name), completion);

        Assert.Equal(TaskVerdict.Passed, outcome.Verdict);
        Assert.Equal(0, outcome.ExitCode);
    }

    [Theory]
    [InlineData("mbpp_101_kth_element", "        return arr[0];\n")]
    [InlineData("mbpp_257_swap_numbers", "        return new List<long> { a, b };\n")]
    public async Task Wrong_solutions_fail(string name, string completion)
    {
        var outcome = await Evaluator.EvaluateAsync(Mbpp.Task(name), completion);

        Assert.Equal(TaskVerdict.Failed, outcome.Verdict);
        Assert.NotEqual(0, outcome.ExitCode);
    }

    [Fact]
    public async Task A_completion_that_does_not_compile_is_a_compile_failure()
    {
        var outcome = await Evaluator.EvaluateAsync(Mbpp.Task("mbpp_101_kth_element"), "        return arr[k - 1]\n");

        Assert.Equal(TaskVerdict.CompileError, outcome.Verdict);
        Assert.False(outcome.Compiled);
        Assert.Contains(outcome.Errors, e => e.StartsWith("CS1002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_completion_is_cut_at_the_first_stop_token()
    {
        var outcome = await Evaluator.EvaluateAsync(Mbpp.Task("mbpp_101_kth_element"), "        return arr[(int)k - 1];\n    }\n    garbage that would not compile");

        Assert.Equal(TaskVerdict.Passed, outcome.Verdict);
        Assert.Equal("        return arr[(int)k - 1];", outcome.Completion);
    }

    [Fact]
    public async Task An_infinite_loop_times_out_and_leaves_no_process_behind()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"codeassist-loop-{Guid.NewGuid():N}.pids");
        // the program starts a grandchild first, so killing only the direct child would leave it running
        var completion = $$"""
                    var sleeper = System.Diagnostics.Process.Start("sleep", "300");
                    System.IO.File.WriteAllText(@"{{pidFile}}", Environment.ProcessId + " " + sleeper.Id);
                    while (true) { }

            """;
        var evaluator = new TaskEvaluator(new RunLimits { Timeout = TimeSpan.FromSeconds(5) });
        try
        {
            var outcome = await evaluator.EvaluateAsync(Mbpp.Task("mbpp_101_kth_element"), completion);

            Assert.Equal(TaskVerdict.TimedOut, outcome.Verdict);
            var pids = (await File.ReadAllTextAsync(pidFile)).Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(2, pids.Length);
            foreach (var pid in pids)
                Assert.True(await GoneAsync(pid), $"process {pid} is still running");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task A_program_over_the_memory_limit_fails()
    {
        var evaluator = new TaskEvaluator(new RunLimits { Timeout = TimeSpan.FromSeconds(20), MemoryBytes = 64L * 1024 * 1024 });

        var outcome = await evaluator.EvaluateAsync(Mbpp.Task("mbpp_101_kth_element"),
            "        var hog = new List<long[]>();\n        for (var i = 0; i < 1000; i++) hog.Add(new long[1_000_000]);\n        return arr[(int)k - 1] + hog.Count - 1000;\n");

        Assert.Equal(TaskVerdict.Failed, outcome.Verdict);
    }

    [Fact]
    public async Task The_equals_rewrite_turns_a_correct_list_answer_from_fail_into_pass()
    {
        var task = Mbpp.Task("mbpp_257_swap_numbers");
        var program = task.ProgramWith("        return new List<long> { b, a };\n");
        var limits = new RunLimits { Timeout = TimeSpan.FromSeconds(20) };

        var upstream = ProgramCompiler.Compile(program, rewriteEquals: false);
        var rewritten = ProgramCompiler.Compile(program);

        Assert.Equal(0, upstream.EqualsRewrites);
        Assert.Equal(RunVerdict.Failed, (await ProgramRunner.RunAsync(upstream.Assembly!, limits)).Verdict);
        Assert.Equal(3, rewritten.EqualsRewrites);
        Assert.Equal(RunVerdict.Passed, (await ProgramRunner.RunAsync(rewritten.Assembly!, limits)).Verdict);
    }

    [Fact]
    public void Equals_on_numbers_and_strings_is_left_alone()
    {
        var compiled = ProgramCompiler.Compile("""
            using System.Collections.Generic;
            class P
            {
                static void Main()
                {
                    System.Diagnostics.Debug.Assert(1L.Equals(1L) && "a".Equals("a"));
                    System.Diagnostics.Debug.Assert((1L, new List<long>()).Equals((1L, new List<long>())));
                    System.Diagnostics.Debug.Assert(new Dictionary<string, long>().Equals(new Dictionary<string, long>()));
                }
            }
            """);

        Assert.True(compiled.Succeeded);
        Assert.Equal(2, compiled.EqualsRewrites);
    }

    /// <summary>Gone, or a zombie waiting for its parent to reap it (it no longer runs).</summary>
    private static async Task<bool> GoneAsync(int pid)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status))
                return true;
            try
            {
                if ((await File.ReadAllLinesAsync(status)).Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z')))
                    return true;
            }
            catch (IOException)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
