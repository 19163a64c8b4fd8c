using System.CommandLine;
using System.Globalization;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using Spectre.Console;

namespace CodeAssist.Benchmarks.Models;

/// <summary><c>codeassist bench models [--models-dir DIR]</c>: speed of every demo model format, printed as a table.</summary>
public static class BenchModelsCommand
{
    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var modelsDir = new Option<string>("--models-dir") { Description = "Directory of the demo models, made there when missing (default: current directory)" };
        var threads = new Option<int>("--threads") { Description = "llama.cpp threads", DefaultValueFactory = _ => new ModelHostSettings().Threads };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length in tokens", DefaultValueFactory = _ => 256 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to generate per run", DefaultValueFactory = _ => 64 };
        var runs = new Option<int>("--runs") { Description = "Runs per measurement (the median is shown)", DefaultValueFactory = _ => 3 };

        var models = new Command("models", "Load time, prompt eval and generation tok/s, first-token latency per demo model; our loop vs a bare LLamaSharp loop");
        models.Options.Add(modelsDir);
        models.Options.Add(threads);
        models.Options.Add(promptTokens);
        models.Options.Add(tokens);
        models.Options.Add(runs);
        models.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(modelsDir) ?? Directory.GetCurrentDirectory();
            var progress = new Progress<string>(line => console.WriteLine(line));
            var demo = await DemoModels.EnsureAsync(directory, progress, cancellationToken);
            var settings = new ModelHostSettings { Threads = parse.GetValue(threads), ContextSize = 1024, Backend = LlamaBackend.Cpu };
            var rows = await ModelBenchmark.RunAsync(demo, settings, parse.GetValue(promptTokens), parse.GetValue(tokens), parse.GetValue(runs),
                progress, cancellationToken);
            console.Write(Render(rows, settings.Threads));
            return 0;
        });
        return models;
    }

    private static Table Render(IReadOnlyList<ModelBenchmarkRow> rows, int threads)
    {
        var table = new Table().Title($"Demo models, CPU, {threads} thread(s)")
            .AddColumns("arch", "format", "load ms", "prompt tok/s", "gen tok/s", "first token ms", "bare gen tok/s", "ours/bare time");
        foreach (var row in rows)
        {
            table.AddRow(row.Architecture, row.Format, Number(row.LoadMs, "F1"),
                $"{Number(row.PromptTokensPerSecond, "F0")} ({row.PromptTokens})", $"{Number(row.GeneratedTokensPerSecond, "F0")} ({row.GeneratedTokens})",
                Number(row.FirstTokenMs, "F1"), Number(row.BareGeneratedTokensPerSecond, "F0"), Number(row.OursOverBare, "F3"));
        }
        return table;
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
