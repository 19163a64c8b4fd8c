using System.CommandLine;
using Spectre.Console;

namespace CodeAssist.Benchmarks.Kld;

/// <summary><c>codeassist bench kld --reference LABEL --corpus DIR|FILE</c>: token-level agreement of each format with a reference format.</summary>
public static class BenchKldCommand
{
    /// <summary>With the demo models and no --chunks, this many chunks.</summary>
    public const int DemoChunks = 4;

    private const string DemoReference = "demo-F16";

    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var cli = new BenchCli();
        var reference = new Option<string?>("--reference") { Description = $"Label of the reference format (default with the demo models: {DemoReference})" };
        var corpus = new Option<string>("--corpus") { Description = "A C# file, or a folder whose .cs files are used", Required = true };
        var context = new Option<uint>("--context") { Description = "Chunk (context) size in tokens", DefaultValueFactory = _ => 512 };
        var chunks = new Option<int?>("--chunks") { Description = $"Use at most N chunks (default: all; {DemoChunks} with the demo models)" };

        var command = cli.AddTo(new Command("kld", "Perplexity, KL divergence (mean/median/p99/max) and same-top-1 of each format against a reference format"));
        command.Options.Add(reference);
        command.Options.Add(corpus);
        command.Options.Add(context);
        command.Options.Add(chunks);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var models = await cli.ModelsAsync(parse, ["F16", .. BenchModels.DemoFormats], console, cancellationToken);
            var referenceLabel = parse.GetValue(reference) ?? (parse.GetValue(cli.Models) is { Length: > 0 } ? null : DemoReference);
            var referenceModel = models.SingleOrDefault(m => m.Label == referenceLabel);
            if (referenceModel is null)
            {
                console.MarkupLine($"[red]--reference must name one of the --model labels: {Markup.Escape(string.Join(", ", models.Select(m => m.Label)))}[/]");
                return 2;
            }
            var text = KldCorpus.Load(parse.GetValue(corpus)!);
            var settings = cli.HostSettings(parse, parse.GetValue(context));
            using var store = cli.OpenStore(parse);
            var benchmark = new KldBenchmark(settings, store);
            var limit = parse.GetValue(chunks) ?? (models.Any(m => m.IsDemo) ? DemoChunks : null);
            var scores = await BenchCli.WithProgressAsync(console, "kld",
                progress => benchmark.RunAsync(referenceModel, models, text, limit, progress, cancellationToken));
            var report = KldReport.Build(KldReport.Summarize(referenceModel.Label, text.Source, (int)settings.ContextSize, scores), BenchModels.WarningsFor(models));
            await cli.PublishAsync(report, parse, console, cancellationToken);
            return 0;
        });
        return command;
    }
}
