using System.CommandLine;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Logging;
using CodeAssist.Server.Reports;
using Spectre.Console;

namespace CodeAssist.Benchmarks;

/// <summary>One step of a benchmark run, for the progress bar: <paramref name="Done"/> of <paramref name="Total"/> items.</summary>
public sealed record BenchStep(string Description, int Done, int Total);

/// <summary>The options every benchmark verb shares: models, where results are stored, output files, threads.</summary>
internal sealed class BenchCli
{
    public Option<string[]> Models { get; } = new("--model")
    {
        Description = "LABEL=PATH of a GGUF model (repeatable); default: the tiny demo models",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Settings { get; } = new("--settings")
    {
        Description = "A settings file (VS Code settings.json or {\"codeassist\": {...}}) whose codeassist.models are benchmarked too",
    };

    public Option<string> ModelsDirectory { get; } = new("--models-dir")
    {
        Description = "Directory of the demo models, made there when missing",
        DefaultValueFactory = _ => "demo-models",
    };

    public Option<string> Database { get; } = new("--db")
    {
        Description = "SQLite file of per-item results (resume, free reruns)",
        DefaultValueFactory = _ => BenchResultStore.DefaultPath,
    };

    public Option<string?> Json { get; } = new("--json") { Description = "Write the results as JSON to this file" };

    public Option<string?> Html { get; } = new("--html") { Description = "Write an HTML report to this file" };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "llama.cpp threads",
        DefaultValueFactory = _ => new ModelHostSettings().Threads,
    };

    /// <param name="storesResults">False for measurements (speed), which are never reused.</param>
    public Option<string> Backend { get; } = new("--backend")
    {
        Description = "llama.cpp backend: cpu, cuda12 or auto in process; llama-server runs the model in the router at --server-url (default http://127.0.0.1:8080)",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>The llama-server router to measure through: --server-url, or the settings' default address with --backend llama-server; null in process.</summary>
    public string? ServerUrl(ParseResult parse, Option<string?> serverUrl) =>
        parse.GetValue(serverUrl) ?? (parse.GetValue(Backend)?.Trim().ToLowerInvariant() == CodeAssistSettings.LlamaServerBackendName
            ? CodeAssistSettings.Default.ServerUrl
            : null);

    public Command AddTo(Command command, bool storesResults = true)
    {
        command.Options.Add(Models);
        command.Options.Add(Settings);
        command.Options.Add(ModelsDirectory);
        if (storesResults)
            command.Options.Add(Database);
        command.Options.Add(Json);
        command.Options.Add(Html);
        command.Options.Add(Threads);
        command.Options.Add(Backend);
        return command;
    }

    public Task<IReadOnlyList<BenchModel>> ModelsAsync(ParseResult parse, IReadOnlyList<string> demoFormats, IAnsiConsole console,
        CancellationToken cancellationToken) =>
        BenchModels.ResolveAsync([.. parse.GetValue(Models) ?? [], .. SettingsModels.Read(parse.GetValue(Settings))], parse.GetValue(ModelsDirectory)!, demoFormats,
            new SynchronousProgress<string>(line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]")), cancellationToken);

    public ModelHostSettings HostSettings(ParseResult parse, uint contextSize) =>
        new() { Threads = parse.GetValue(Threads), ContextSize = contextSize, Backend = ModelHostSettings.ParseBackend(parse.GetValue(Backend)) };

    public BenchResultStore OpenStore(ParseResult parse) => new(parse.GetValue(Database)!);

    public Task PublishAsync(BenchReport report, ParseResult parse, IAnsiConsole console, CancellationToken cancellationToken) =>
        report.PublishAsync(console, parse.GetValue(Json), parse.GetValue(Html), cancellationToken);

    /// <summary>Runs <paramref name="work"/> under a live progress bar with elapsed and remaining time.</summary>
    public static async Task<T> WithProgressAsync<T>(IAnsiConsole console, string title, Func<IProgress<BenchStep>, Task<T>> work)
    {
        var result = default(T)!;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                result = await work(new SynchronousProgress<BenchStep>(step =>
                {
                    task.MaxValue = Math.Max(1, step.Total);
                    task.Value = step.Done;
                    task.Description = Markup.Escape($"{title}: {step.Description}");
                }));
                task.Value = task.MaxValue;
                task.Description = Markup.Escape($"{title}: done");
            });
        return result;
    }
}
