using CodeAssist.Benchmarks;
using CodeAssist.Benchmarks.Tasks;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Benchmarks;

public sealed class TasksBenchmarkTests
{
    private static readonly MultiPLETask[] Tasks =
        [Mbpp.Task("mbpp_101_kth_element"), Mbpp.Task("mbpp_257_swap_numbers"), Mbpp.Task("mbpp_103_eulerian_num")];

    private static readonly TaskEvaluator Evaluator = new(new RunLimits { Timeout = TimeSpan.FromSeconds(20) });

    [Fact]
    public async Task A_rerun_is_served_from_the_store_and_an_interrupted_run_resumes()
    {
        using var folder = new TempDirectory();
        using var store = new BenchResultStore(Path.Combine(folder.Path, "bench.db"));
        var answers = new KnownCompletions(new Dictionary<string, string>
        {
            ["mbpp_101_kth_element"] = "        return arr[(int)k - 1];\n",
            ["mbpp_257_swap_numbers"] = "        return new List<long> { b, a };\n",
            ["mbpp_103_eulerian_num"] = "        return 0;\n",
        });
        var benchmark = new TasksBenchmark(answers, Evaluator, store);
        var model = KnownCompletions.Model("known", "00ff");

        var partial = await benchmark.RunAsync([model], Tasks[..2]);
        var full = await benchmark.RunAsync([model], Tasks);
        var rerun = await benchmark.RunAsync([model], Tasks);

        Assert.Equal(2, partial[0].Computed);
        Assert.Equal(1, full[0].Computed);
        Assert.Equal(0, rerun[0].Computed);
        Assert.Equal(3, answers.Completed);
        Assert.Equal([TaskVerdict.Passed, TaskVerdict.Passed, TaskVerdict.Failed], rerun[0].Outcomes.Select(o => o.Verdict));
    }

    [Fact]
    public async Task The_report_pairs_formats_and_lists_the_tasks_that_flip()
    {
        using var folder = new TempDirectory();
        using var store = new BenchResultStore(Path.Combine(folder.Path, "bench.db"));
        var good = new KnownCompletions(new Dictionary<string, string>
        {
            ["mbpp_101_kth_element"] = "        return arr[(int)k - 1];\n",
            ["mbpp_257_swap_numbers"] = "        return new List<long> { b, a };\n",
            ["mbpp_103_eulerian_num"] = "        return 0\n",
        });
        var bad = new KnownCompletions(new Dictionary<string, string>
        {
            ["mbpp_101_kth_element"] = "        return arr[0];\n",
            ["mbpp_257_swap_numbers"] = "        return new List<long> { b, a };\n",
            ["mbpp_103_eulerian_num"] = "        return 0;\n",
        });
        var results = new[]
        {
            (await new TasksBenchmark(good, Evaluator, store).RunAsync([KnownCompletions.Model("good", "01")], Tasks))[0],
            (await new TasksBenchmark(bad, Evaluator, store).RunAsync([KnownCompletions.Model("bad", "02")], Tasks))[0],
        };

        var summary = TasksReport.Summarize("mbpp", results);
        var report = TasksReport.Build(summary, BenchModels.WarningsFor([]));

        Assert.Equal((2, 3), (summary.Formats[0].CompileRate.Successes, summary.Formats[0].CompileRate.N));
        Assert.Equal(2, summary.Formats[0].PassAt1.Successes);
        Assert.Equal(1, summary.Formats[1].PassAt1.Successes);
        Assert.Equal(3, summary.Formats[1].EqualsRewrites);
        var pair = Assert.Single(summary.Comparisons);
        Assert.Equal(["mbpp_101_kth_element"], pair.OnlyA);
        Assert.Empty(pair.OnlyB);
        Assert.Equal(1.0, pair.PValue);
        Assert.Contains("CS1002 1", report.ToHtml());
        Assert.Contains("n=3", report.ToHtml());
        Assert.Contains("\"onlyA\"", report.ToJson());
    }
}
