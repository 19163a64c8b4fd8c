using System.CommandLine;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Logging;
using CodeAssist.Server.Models;
using Spectre.Console;
using Command = System.CommandLine.Command;

namespace CodeAssist.Server.Replay;

/// <summary>Everything one replay needs; <c>replay</c> and <c>demo</c> fill it from their options.</summary>
public sealed record ReplayOptions(
    string Repository, int Limit, int Seed, IReadOnlyList<string> ModelSpecs, string ModelsDirectory, string DataDirectory,
    ReplaySettings Settings, string? JsonPath, string? HtmlPath);

/// <summary>
/// <c>codeassist replay --repo DIR</c>: a simulated developer retypes sampled lines of the folder's C# through the real
/// server, once per format, and the report compares the formats site by site.
/// </summary>
public static class ReplayCommand
{
    public const int DefaultLimit = 40;

    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var repo = new Option<string>("--repo") { Description = "Folder of C# code to replay", Required = true };
        var limit = new Option<int>("--limit") { Description = "Edit sites to sample", DefaultValueFactory = _ => DefaultLimit };
        var seed = new Option<int>("--seed") { Description = "Seed of the site sampling", DefaultValueFactory = _ => 1 };
        var models = new Option<string[]>("--model")
        {
            Description = "LABEL=PATH of a GGUF model (repeatable); default: the trained model's formats, made in --models-dir",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var shared = new ReplayCliOptions();
        var command = new Command("replay", "Replay a developer retyping your C# code through the real server in each format; paired comparisons of acceptance and characters saved")
        {
            repo, limit, seed, models,
        };
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            shared.Read(parse, parse.GetValue(repo)!, parse.GetValue(limit), parse.GetValue(seed), parse.GetValue(models) ?? []), console, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ReplayOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        try
        {
            // The script first: a folder without C# is reported before any model is made.
            var script = KeystrokeScript.Generate(options.Repository, options.Limit, options.Seed);
            var models = await ResolveModelsAsync(options, console, cancellationToken);
            console.MarkupLineInterpolated($"Replaying {script.Edits.Count()} sites of {script.Files.Count} files in {models.Count} formats; telemetry in {options.DataDirectory}");
            var replays = await new ReplayRunner(options.DataDirectory, options.Settings)
                .RunAsync(script, models, new SynchronousProgress<string>(line => console.MarkupLineInterpolated($"[grey]{line}[/]")), cancellationToken);
            await ReplayReport.Build(ReplayReport.Summarize(script, replays)).PublishAsync(console, options.JsonPath, options.HtmlPath, cancellationToken);
            return 0;
        }
        catch (ReplayInputException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
    }

    private static async Task<IReadOnlyList<ReplayModel>> ResolveModelsAsync(ReplayOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        try
        {
            if (options.ModelSpecs.Count > 0)
            {
                var models = options.ModelSpecs.Select(ModelSpec.Parse).Select(m => new ReplayModel(m.Label, m.Path)).ToArray();
                var repeated = models.GroupBy(m => m.Label).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
                return repeated.Length == 0 ? models : throw new ReplayInputException($"replay: each --model needs its own label; repeated: {string.Join(", ", repeated)}");
            }
            // Quantizing logs every tensor; keep llama.cpp to warnings and errors, as the server does.
            NativeBackend.Ensure(LlamaBackend.Cpu, nativeLibraryPath: null, options.ModelsDirectory);
            var trained = await TrainedModels.EnsureAsync(options.ModelsDirectory,
                new SynchronousProgress<string>(line => console.MarkupLineInterpolated($"[grey]{line}[/]")), cancellationToken: cancellationToken);
            return trained.Select(m => new ReplayModel(m.Format, m.Path)).ToArray();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            throw new ReplayInputException($"replay: {e.Message}");
        }
    }
}

/// <summary>The options <c>replay</c> and <c>demo</c> share.</summary>
internal sealed class ReplayCliOptions
{
    private readonly Option<string> _modelsDirectory = new("--models-dir")
    {
        Description = "Where the trained model's formats are made when no --model is given",
        DefaultValueFactory = _ => "demo-models",
    };

    private readonly Option<string?> _dataDirectory = new("--data-dir")
    {
        Description = "Telemetry of the replay (default: a new temporary folder, never your own telemetry)",
    };

    private readonly Option<string?> _json = new("--json") { Description = "Write the results as JSON to this file" };
    private readonly Option<string?> _html = new("--html") { Description = "Write an HTML report to this file" };
    private readonly Option<int> _threads = new("--threads") { Description = "llama.cpp threads", DefaultValueFactory = _ => new ModelHostSettings().Threads };
    private readonly Option<int> _maxTokens;
    private readonly Option<string> _verify;
    private readonly Option<int?> _context = new("--context") { Description = "Context size in tokens (default: what each model was trained for, at most 4096)" };
    private readonly Option<int?> _jobs = new("--jobs") { Description = "Formats replayed at once, each by its own server (default: the cores over threads + 1)" };

    /// <param name="verify">The default of --verify: the server's own, except where a command says why not.</param>
    /// <param name="maxTokens">The default of --max-tokens.</param>
    public ReplayCliOptions(string verify = "filter", int maxTokens = 64)
    {
        _verify = new Option<string>("--verify") { Description = "The server's codeassist.verify: filter, annotate or off", DefaultValueFactory = _ => verify };
        _maxTokens = new Option<int>("--max-tokens") { Description = "Suggestion length limit in tokens", DefaultValueFactory = _ => maxTokens };
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _modelsDirectory, _dataDirectory, _json, _html, _threads, _maxTokens, _verify, _context, _jobs })
            command.Options.Add(option);
    }

    public ReplayOptions Read(ParseResult parse, string repository, int limit, int seed, IReadOnlyList<string> modelSpecs) => new(
        Path.GetFullPath(repository), limit, seed, modelSpecs,
        Path.GetFullPath(parse.GetValue(_modelsDirectory)!),
        parse.GetValue(_dataDirectory) is { } data ? Directory.CreateDirectory(data).FullName : Directory.CreateTempSubdirectory("codeassist-replay-").FullName,
        new ReplaySettings(parse.GetValue(_threads), parse.GetValue(_maxTokens), parse.GetValue(_verify)!, parse.GetValue(_context),
            parse.GetValue(_jobs) ?? ReplaySettings.DefaultJobs(parse.GetValue(_threads))),
        parse.GetValue(_json), parse.GetValue(_html));
}
