using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Protocol;
using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Statistics;
using Spectre.Console;
using Command = System.CommandLine.Command;

namespace CodeAssist.Benchmarks.Completion;

/// <summary>
/// <c>codeassist bench completion</c>: inline completion as an editor sees it, typing into a 1,000-line file: end-to-end
/// latency, the server's overhead beyond the model, their ratio, and the KV-cache reuse from one keystroke to the next;
/// for each --model (or the demo model), each in a server of its own. With --server-url the model runs in that
/// llama-server instead (a router whose --models-dir holds the --model files, named by their file names), and the ratio is
/// the peer ratio: end-to-end time over llama-server's own time for the same request.
/// </summary>
public static class BenchCompletionCommand
{
    /// <summary>What the benchmark runs: everything but the model.</summary>
    private sealed record Run(int Warmup, int Keystrokes, int Lines, int Threads, int MaxTokens, int IntervalMs, string Verify, string? ServerUrl, string? ServerApiKey);

    public static Command Create()
    {
        var cli = new BenchCli();
        var format = new Option<string>("--format") { Description = "Demo format of the qwen3moe model when no --model is given.", DefaultValueFactory = _ => "Q8_0" };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Keystrokes typed first and left out of the figures: a server in use has run its request path thousands of times, " +
                          "and until .NET has recompiled that path with full optimisation it runs slower.",
            DefaultValueFactory = _ => 60,
        };
        var keystrokes = new Option<int>("--keystrokes") { Description = "Characters typed and measured, one completion each.", DefaultValueFactory = _ => 30 };
        var lines = new Option<int>("--lines") { Description = "Length of the generated C# file.", DefaultValueFactory = _ => 1000 };
        var maxTokens = new Option<int>("--max-tokens")
        {
            Description = "codeassist.maxTokens for the run (default: the setting's default).",
            DefaultValueFactory = _ => new CodeAssistSettings().MaxTokens,
        };
        var interval = new Option<int>("--interval-ms")
        {
            Description = "Pause between keystrokes, a typist's pace (0: the next keystroke as soon as the last completion is back).",
            DefaultValueFactory = _ => 150,
        };
        var verify = new Option<string>("--verify") { Description = "codeassist.verify for the run: annotate (checks every suggestion), filter or off.", DefaultValueFactory = _ => "annotate" };
        var serverUrl = new Option<string?>("--server-url")
        {
            Description = "Run the model in this llama-server router instead of in process; each --model file must be in its --models-dir (the model name is the file name without .gguf).",
        };
        var serverApiKey = new Option<string?>("--server-api-key") { Description = "The llama-server's --api-key." };
        var command = new Command("completion", "End-to-end inline completion on a 1,000-line file, per model: latency, server overhead, ratio to model time, KV reuse per keystroke.")
        {
            cli.Models, cli.Settings, cli.ModelsDirectory, format, warmup, keystrokes, lines, cli.Threads, maxTokens, interval, verify, cli.Backend, serverUrl, serverApiKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var models = await cli.ModelsAsync(parse, [parse.GetValue(format)!], AnsiConsole.Console, cancellationToken);
            var run = new Run(parse.GetValue(warmup), parse.GetValue(keystrokes), parse.GetValue(lines), parse.GetValue(cli.Threads), parse.GetValue(maxTokens),
                parse.GetValue(interval), parse.GetValue(verify)!, cli.ServerUrl(parse, serverUrl), parse.GetValue(serverApiKey));
            foreach (var model in models)
                AnsiConsole.Console.Write(await MeasureAsync(model, run, cancellationToken));
            return 0;
        });
        return command;
    }

    private static async Task<Table> MeasureAsync(BenchModel model, Run run, CancellationToken cancellationToken)
    {
        using var scratch = new ScratchDirectory("codeassist-bench-completion-");
        var project = Directory.CreateDirectory(Path.Combine(scratch.Path, "project")).FullName;
        var source = BenchmarkSource.Generate(run.Lines);
        var file = Path.Combine(project, "Services.cs");
        await File.WriteAllTextAsync(file, source.Text, cancellationToken);
        var uri = new Uri(file).AbsoluteUri;

        await using var server = ProcessLspConnection.Start(Directory.CreateDirectory(Path.Combine(scratch.Path, "data")).FullName);
        await server.InitializeAsync(new Uri(project + "/").AbsoluteUri, cancellationToken);
        var ready = server.NextStatusAsync(s => s.State is "ready" or "error", cancellationToken);
        server.Settings = JsonSerializer.SerializeToNode(new
        {
            models = new Dictionary<string, string> { [model.Label] = run.ServerUrl is null ? model.Path : Path.GetFileNameWithoutExtension(model.Path) },
            quantFormat = model.Label,
            threads = run.Threads,
            contextSize = 4096,
            maxTokens = run.MaxTokens,
            verify = run.Verify,
            backend = run.ServerUrl is null ? "auto" : CodeAssistSettings.LlamaServerBackendName,
            serverUrl = run.ServerUrl,
            serverApiKey = run.ServerApiKey,
        })!.AsObject();
        await server.NotifyAsync("workspace/didChangeConfiguration", new DidChangeConfigurationParams());
        if (await ready is { State: "error" } failed)
            throw new InvalidOperationException($"{model.Path} did not load: {failed.Message}");
        await server.NotifyAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uri, "csharp", 1, source.Text)));

        var lines = new LineIndex(source.Text);
        var cursor = lines.ToPosition(source.InsertionPoints[source.InsertionPoints.Count / 2], PositionEncoding.Utf16);
        const string typed = "var result = total * input + _values.Count; ";
        var samples = new List<(double Latency, double ServerMs, LastCompletion Model)>();
        for (var i = 0; i <= run.Warmup + run.Keystrokes; i++)
        {
            if (i > 0)
            {
                await Task.Delay(run.IntervalMs, cancellationToken);
                var character = typed[(i - 1) % typed.Length].ToString();
                await server.NotifyAsync("textDocument/didChange", new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, i + 1),
                    [new TextDocumentContentChangeEvent(character, new Range(cursor, cursor))]));
                cursor = cursor with { Character = cursor.Character + 1 };
            }
            var status = server.NextStatusAsync(s => s.Completion is not null, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var list = await server.RequestAsync<InlineCompletionList>("textDocument/inlineCompletion",
                new InlineCompletionParams(new TextDocumentIdentifier(uri), cursor, new InlineCompletionContext(InlineCompletionTriggerKind.Automatic)), cancellationToken);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            // The first request fills the KV cache and warms Roslyn; it is not a keystroke.
            if (i > run.Warmup && list.Items.Length > 0 && await Task.WhenAny(status, Task.Delay(2000, cancellationToken)) == status)
                samples.Add((latency, status.Result.LastLatencyMs ?? latency, status.Result.Completion!));
        }
        await server.ShutdownAsync(cancellationToken);

        var where = run.ServerUrl is null ? $"{run.Threads} thread(s)" : $"llama-server at {run.ServerUrl}";
        var table = new Table().Title($"Inline completion on a {run.Lines}-line file, {model.Label}, {where}, max {run.MaxTokens} tokens, " +
                                      $"verify {run.Verify}, {run.IntervalMs} ms between keystrokes, after {run.Warmup} warm-up keystrokes, n={samples.Count}")
            .AddColumns("measure", "p50", "p95");
        AddRow(table, "end to end, client-measured (ms)", samples.Select(s => s.Latency));
        AddRow(table, "model: queue + prompt eval + generation (ms)", samples.Select(s => s.Model.ModelMs));
        AddRow(table, "overhead beyond the model (ms)", samples.Select(s => s.Latency - s.Model.ModelMs));
        AddRow(table, "  of it inside the server: context, checks, telemetry (ms)", samples.Select(s => s.ServerMs - s.Model.ModelMs));
        AddRow(table, "  of it in transport: JSON-RPC both ways, dispatch (ms)", samples.Select(s => s.Latency - s.ServerMs));
        AddRow(table, run.ServerUrl is null ? "end to end / model time (goal <= 1.05)" : "peer ratio: end to end / llama-server's own time",
            samples.Select(s => s.Latency / Math.Max(0.001, s.Model.ModelMs)), "F3");
        AddRow(table, "prompt tokens reused from the KV cache (%, goal >= 90)", samples.Select(s => 100.0 * s.Model.ReusedPromptTokens / Math.Max(1, s.Model.PromptTokens)), "F1");
        foreach (var path in samples.GroupBy(s => s.Model.Reuse is { } reuse ? JsonNamingPolicy.SnakeCaseLower.ConvertName(reuse.ToString()) : "unknown"))
            table.AddRow($"keystrokes by reuse path: {path.Key}", path.Count().ToString(CultureInfo.InvariantCulture), "");
        var checkpoints = samples.Select(s => s.Model.Checkpoints).OfType<CheckpointStats>().ToList();
        if (checkpoints.Count > 0)
        {
            // Hybrid models only: what the recurrent-state checkpoints hold and cost.
            AddRow(table, "state checkpoints held", checkpoints.Select(c => (double)c.Count), "F0");
            AddRow(table, "state checkpoint memory (MiB)", checkpoints.Select(c => c.Bytes / (1024.0 * 1024.0)), "F2");
            AddRow(table, "checkpoint save, each (ms)", checkpoints.Where(c => c.Saved > 0).Select(c => c.SaveMs / c.Saved), "F3");
            AddRow(table, "checkpoint restore (ms)", checkpoints.Select(c => c.RestoreMs).OfType<double>(), "F3");
        }
        return table;
    }

    private static void AddRow(Table table, string name, IEnumerable<double> values, string format = "F1")
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            table.AddRow(name, "n=0", "n=0");
            return;
        }
        table.AddRow(name, Percentile.Of(list, 50)!.Value.ToString(format), Percentile.Of(list, 95)!.Value.ToString(format));
    }
}
