using System.CommandLine;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Inference.LlamaServer;
using Spectre.Console;

namespace CodeAssist.Benchmarks.Speed;

/// <summary><c>codeassist bench speed</c>: load time, prompt and generation tok/s, first-token latency by prompt length, peak memory.</summary>
public static class BenchSpeedCommand
{
    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var cli = new BenchCli();
        var lengths = new Option<int[]>("--prompt-lengths")
        {
            Description = "Prompt lengths in tokens (lengths that do not fit the context are skipped)",
            DefaultValueFactory = _ => [128, 512, 2048],
            AllowMultipleArgumentsPerToken = true,
        };
        var tokens = new Option<int>("--tokens") { Description = "Tokens generated per run", DefaultValueFactory = _ => 64 };
        var runs = new Option<int>("--runs") { Description = "Cold runs per prompt length (the median is shown)", DefaultValueFactory = _ => 3 };
        var context = new Option<uint>("--context") { Description = "Context size in tokens", DefaultValueFactory = _ => 4096 };
        var llamaBench = new Option<string?>("--llama-bench")
        {
            Description = "llama.cpp's llama-bench, run on the same files as the peer engine (default: the one tests/llama-server/build.sh built, if any)",
        };
        var noPeer = new Option<bool>("--no-peer") { Description = "Skip the llama-bench comparison" };
        var serverUrl = new Option<string?>("--server-url")
        {
            Description = "Measure through this llama-server router instead of in process (each --model file's name without .gguf is its router name)",
        };
        var serverApiKey = new Option<string?>("--server-api-key") { Description = "The router's API key (sent as a Bearer token)" };

        var command = cli.AddTo(new Command("speed", "Load time, prompt eval and generation tok/s, first-token latency by prompt length, peak RSS (VRAM on GPU)"), storesResults: false);
        command.Options.Add(lengths);
        command.Options.Add(tokens);
        command.Options.Add(runs);
        command.Options.Add(context);
        command.Options.Add(llamaBench);
        command.Options.Add(noPeer);
        command.Options.Add(serverUrl);
        command.Options.Add(serverApiKey);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var models = await cli.ModelsAsync(parse, BenchModels.DemoFormats, console, cancellationToken);
            if (cli.ServerUrl(parse, serverUrl) is { } url)
            {
                var client = LlamaServerClient.Create(new LlamaServerEndpoint(new Uri(url), parse.GetValue(serverApiKey)));
                var server = new ServerSpeedBenchmark(client, parse.GetValue(lengths)!, parse.GetValue(tokens), Math.Max(1, parse.GetValue(runs)));
                var measured = await BenchCli.WithProgressAsync(console, "speed", progress => server.RunAsync(models, progress, cancellationToken));
                await cli.PublishAsync(SpeedReport.BuildForServer(measured, url, BenchModels.WarningsFor(models)), parse, console, cancellationToken);
                return 0;
            }
            var settings = cli.HostSettings(parse, parse.GetValue(context));
            var peerPath = parse.GetValue(noPeer) ? null : parse.GetValue(llamaBench) ?? LlamaCppTools.FindCached(LlamaBenchPeer.ExecutableName);
            IReadOnlyList<string> warnings = parse.GetValue(noPeer) || peerPath is not null
                ? []
                : ["No llama-bench found to compare with: run tests/llama-server/build.sh once, or pass --llama-bench PATH."];
            var benchmark = new SpeedBenchmark(settings, parse.GetValue(lengths)!, parse.GetValue(tokens), Math.Max(1, parse.GetValue(runs)),
                peerPath is null ? null : new LlamaBenchPeer(peerPath));
            var results = await BenchCli.WithProgressAsync(console, "speed", progress => benchmark.RunAsync(models, progress, cancellationToken));
            await cli.PublishAsync(SpeedReport.Build(results, settings.Threads, warnings), parse, console, cancellationToken);
            return 0;
        });
        return command;
    }
}
