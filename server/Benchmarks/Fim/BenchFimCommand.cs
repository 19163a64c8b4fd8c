using System.CommandLine;
using CodeAssist.Server.Verification;
using Spectre.Console;

namespace CodeAssist.Benchmarks.Fim;

/// <summary><c>codeassist bench fim --repo DIR</c>: fill-in-the-middle on the user's own code, per format.</summary>
public static class BenchFimCommand
{
    /// <summary>With the demo models and no --samples, this many spans: enough to exercise the harness, short on 2 cores.</summary>
    public const int DemoSamples = 10;

    private const int DefaultSamples = 50;

    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var cli = new BenchCli();
        var repo = new Option<string>("--repo") { Description = "Folder of C# code to mask spans in", Required = true };
        var samples = new Option<int?>("--samples") { Description = $"Spans to sample (default {DefaultSamples}; {DemoSamples} with the demo models)" };
        var seed = new Option<int>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 1 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Completion length limit in tokens", DefaultValueFactory = _ => 128 };
        var context = new Option<uint>("--context") { Description = "Context size in tokens", DefaultValueFactory = _ => 4096 };
        var noMsBuild = new Option<bool>("--no-msbuild") { Description = "Verify in an ad-hoc project instead of loading the repository's projects" };
        var verifyMs = new Option<int>("--verify-ms") { Description = "Verifier time budget per span in ms", DefaultValueFactory = _ => 5000 };

        var command = cli.AddTo(new Command("fim", "Fill-in-the-middle on spans of your code: exact match, edit similarity, verifier verdicts, paired tests"));
        foreach (var option in new Option[] { repo, samples, seed, maxTokens, context, noMsBuild, verifyMs })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var models = await cli.ModelsAsync(parse, BenchModels.DemoFormats, console, cancellationToken);
            var folder = Path.GetFullPath(parse.GetValue(repo)!);
            var count = parse.GetValue(samples) ?? (models.Any(m => m.IsDemo) ? DemoSamples : DefaultSamples);
            var picked = FimSpanPicker.Pick(folder, count, parse.GetValue(seed));
            using var store = cli.OpenStore(parse);
            using var workspace = RoslynWorkspaceHost.Open(folder, useMsBuild: !parse.GetValue(noMsBuild));
            var benchmark = new FimBenchmark(cli.HostSettings(parse, parse.GetValue(context)), store, workspace, parse.GetValue(maxTokens),
                TimeSpan.FromMilliseconds(parse.GetValue(verifyMs)));
            var results = await BenchCli.WithProgressAsync(console, "fim", progress => benchmark.RunAsync(models, picked, progress, cancellationToken));
            var report = FimReport.Build(FimReport.Summarize(folder, parse.GetValue(seed), results), BenchModels.WarningsFor(models));
            await cli.PublishAsync(report, parse, console, cancellationToken);
            return 0;
        });
        return command;
    }
}
