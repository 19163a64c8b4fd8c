using System.CommandLine;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace CodeAssist.Benchmarks.Tasks;

/// <summary><c>codeassist bench tasks --dataset FILE.jsonl</c>: compile rate and pass@1 per format on MultiPL-E C# tasks.</summary>
public static class BenchTasksCommand
{
    /// <summary>With the demo models and no --limit, this many tasks: enough to exercise the harness, short on 2 cores.</summary>
    public const int DemoLimit = 10;

    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var cli = new BenchCli();
        var dataset = new Option<string>("--dataset") { Description = "MultiPL-E JSONL (name, prompt, tests, stop_tokens)", Required = true };
        var limit = new Option<int?>("--limit") { Description = $"Use the first N tasks (default: all; {DemoLimit} with the demo models)" };
        var filter = new Option<string?>("--tasks") { Description = "Only tasks whose name matches this regular expression" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Completion length limit in tokens", DefaultValueFactory = _ => 384 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a program may run", DefaultValueFactory = _ => 10 };
        var memory = new Option<int>("--memory-mb") { Description = "GC heap limit of a program in MiB", DefaultValueFactory = _ => 512 };
        var context = new Option<uint>("--context") { Description = "Context size in tokens", DefaultValueFactory = _ => 4096 };

        var command = cli.AddTo(new Command("tasks", "Compile rate and pass@1 (greedy) per format on MultiPL-E C# tasks, with paired McNemar tests"));
        command.Options.Add(dataset);
        command.Options.Add(limit);
        command.Options.Add(filter);
        command.Options.Add(maxTokens);
        command.Options.Add(timeout);
        command.Options.Add(memory);
        command.Options.Add(context);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var models = await cli.ModelsAsync(parse, BenchModels.DemoFormats, console, cancellationToken);
            var datasetPath = Path.GetFullPath(parse.GetValue(dataset)!);
            IEnumerable<MultiPLETask> tasks = MultiPLEDataset.Load(datasetPath);
            if (parse.GetValue(filter) is { } pattern)
                tasks = tasks.Where(t => Regex.IsMatch(t.Name, pattern));
            if ((parse.GetValue(limit) ?? (models.Any(m => m.IsDemo) ? DemoLimit : null)) is { } count)
                tasks = tasks.Take(count);
            var selected = tasks.ToArray();

            using var store = cli.OpenStore(parse);
            var limits = new RunLimits { Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)), MemoryBytes = parse.GetValue(memory) * 1024L * 1024 };
            var benchmark = new TasksBenchmark(
                new ModelTaskCompleterFactory(cli.HostSettings(parse, parse.GetValue(context)), parse.GetValue(maxTokens)),
                new TaskEvaluator(limits), store);
            var results = await BenchCli.WithProgressAsync(console, "tasks",
                progress => benchmark.RunAsync(models, selected, progress, cancellationToken));
            var report = TasksReport.Build(TasksReport.Summarize(datasetPath, results), BenchModels.WarningsFor(models));
            await cli.PublishAsync(report, parse, console, cancellationToken);
            return 0;
        });
        return command;
    }
}
