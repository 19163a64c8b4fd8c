using System.CommandLine;
using System.Text.Json;
using CodeAssist.Server.Completion;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Reporting;
using Spectre.Console;
using Command = System.CommandLine.Command;

namespace CodeAssist.Server.Cli;

/// <summary>
/// <c>codeassist demo</c>: the whole product on generated tiny models. Makes the demo models if missing, starts the
/// real server, plays a scripted editing session (completions requested, accepted, dismissed, saved) in two quant
/// formats, and prints the per-format report. The models' text is random noise, so the numbers are demo data.
/// </summary>
public static class DemoCommand
{
    private static readonly string[] Formats = ["Q4_K_M", "MXFP4_MOE"];

    public static Command Create()
    {
        var modelsDir = new Option<string>("--models-dir") { Description = "Where the demo models are (made if missing).", DefaultValueFactory = _ => "demo-models" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Telemetry of the demo session (default: a new temporary folder, never your own telemetry)." };
        var suggestions = new Option<int>("--suggestions") { Description = "Completions requested per format.", DefaultValueFactory = _ => 8 };
        var command = new Command("demo", "Run a scripted editing session against the real server in two formats on tiny generated models and print the per-format report.")
        {
            modelsDir, dataDir, suggestions,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            Path.GetFullPath(parse.GetValue(modelsDir)!),
            parse.GetValue(dataDir) is { } data ? Directory.CreateDirectory(data).FullName : Directory.CreateTempSubdirectory("codeassist-demo-").FullName,
            parse.GetValue(suggestions),
            AnsiConsole.Console,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string modelsDirectory, string dataDirectory, int suggestionsPerFormat, IAnsiConsole console, CancellationToken cancellationToken)
    {
        console.MarkupLine($"[bold]CodeAssist demo[/]: models in {Markup.Escape(modelsDirectory)}, demo telemetry in {Markup.Escape(dataDirectory)}");
        // Quantizing logs every tensor; keep llama.cpp to warnings and errors, as the server does.
        NativeBackend.Ensure(LlamaBackend.Cpu, nativeLibraryPath: null, modelsDirectory);
        var models = await DemoModels.EnsureAsync(modelsDirectory, new Progress<string>(line => console.WriteLine(line)), cancellationToken);
        var paths = Formats.ToDictionary(f => f, f => models.Single(m => m.Architecture == "qwen3moe" && m.Format == f).Path);

        var project = Directory.CreateTempSubdirectory("codeassist-demo-project-").FullName;
        var file = Path.Combine(project, "Inventory.cs");
        await File.WriteAllTextAsync(file, DemoSession.Source, cancellationToken);
        await using var server = LspConnection.Start(dataDirectory);
        server.Message += message => console.MarkupLine($"[yellow]server:[/] {Markup.Escape(message)}");
        await server.InitializeAsync(new Uri(project + "/").AbsoluteUri, cancellationToken);

        var session = new DemoSession(server, new Uri(file).AbsoluteUri, console);
        await server.NotifyAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(session.Uri, "csharp", 1, DemoSession.Source)));
        foreach (var format in Formats)
        {
            var ready = server.NextStatusAsync(s => s.State is "ready" or "error" && s.Format == format, cancellationToken);
            server.Settings = JsonSerializer.SerializeToElement(new
            {
                models = paths,
                quantFormat = format,
                threads = 1,
                contextSize = 2048,
                maxTokens = 32,
                verify = "annotate",
                verifyBudgetMs = 5000,
            });
            await server.NotifyAsync("workspace/didChangeConfiguration", new DidChangeConfigurationParams());
            var status = await ready;
            console.MarkupLine($"[bold]{format}[/]: {Markup.Escape(status.Message ?? status.State)}");
            await session.PlayAsync(format, suggestionsPerFormat, cancellationToken);
        }
        await server.ShutdownAsync(cancellationToken);

        console.MarkupLine("[bold]Per-format report[/] (DEMO DATA: tiny random-weight models, a scripted user; the numbers show the mechanics, not model quality)");
        ReportConsoleRenderer.Render(FormatReportBuilder.FromDatabase(Path.Combine(dataDirectory, "telemetry.db"), isDemo: true, minSampleSize: 1), console);
        return 0;
    }
}

/// <summary>The scripted user: asks for a completion on a fresh line, accepts some (deterministically), dismisses the rest.</summary>
internal sealed class DemoSession(LspConnection server, string uri, IAnsiConsole console)
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;

        public sealed record Item(string Name, int Quantity, decimal Price);

        public sealed class Inventory
        {
            private readonly List<Item> _items = new();

            public void Add(Item item)
            {
                _items.Add(item);
            }

            public decimal TotalValue()
            {
                return _items.Sum(item => item.Quantity * item.Price);
            }
        }

        """;

    /// <summary>The line after "_items.Add(item);" where each new statement goes.</summary>
    private const int FirstLine = 12;

    private readonly Random _user = new(20261128);
    private int _version = 1;
    private int _line = FirstLine;

    public string Uri { get; } = uri;

    public async Task PlayAsync(string format, int count, CancellationToken cancellationToken)
    {
        int shown = 0, accepted = 0;
        for (var i = 0; i < count; i++)
        {
            await EditAsync(_line, 0, "        \n");
            var list = await server.RequestAsync<InlineCompletionList>("textDocument/inlineCompletion",
                new InlineCompletionParams(new TextDocumentIdentifier(Uri), new Position(_line, 8), new InlineCompletionContext(InlineCompletionTriggerKind.Invoked)),
                cancellationToken);
            if (list.Items is not [var item, ..] || item.Command?.Arguments is not [var argument, ..])
            {
                _line++;
                continue;
            }
            shown++;
            var id = argument.GetProperty("suggestionId").GetString()!;
            if (_user.NextDouble() < 0.4)
            {
                var text = item.InsertText.Split('\n')[0];
                await EditAsync(_line, 8, text);
                await server.RequestAsync<object>("workspace/executeCommand",
                    new ExecuteCommandParams(ShownSuggestion.AcceptCommand, [JsonSerializer.SerializeToElement(new { suggestionId = id, acceptedLength = text.Length })]), cancellationToken);
                await server.NotifyAsync("textDocument/didSave", new DidSaveTextDocumentParams(new TextDocumentIdentifier(Uri)));
                accepted++;
            }
            else
            {
                await server.RequestAsync<object>("workspace/executeCommand",
                    new ExecuteCommandParams("codeassist.dismiss", [JsonSerializer.SerializeToElement(new { suggestionId = id })]), cancellationToken);
            }
            _line++;
        }
        console.MarkupLine($"  {format}: {count} requests, {shown} suggestions shown, {accepted} accepted by the scripted user");
    }

    private Task EditAsync(int line, int character, string text) =>
        server.NotifyAsync("textDocument/didChange", new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(Uri, ++_version),
            [new TextDocumentContentChangeEvent(text, new Range(new Position(line, character), new Position(line, character)))]));
}
