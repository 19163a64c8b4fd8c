using System.Text.Json.Nodes;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Telemetry.Events;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Training;

/// <summary>
/// The whole server in process on the shipped trained model (real llama.cpp inference, greedy): a developer types a line
/// back a keystroke at a time with an inline completion after each, as the replay does. A random model's text never
/// compiles, so only a trained one shows what the verifier and the filter do with the model's own suggestions.
/// </summary>
public sealed class TrainedModelServingTests(ITestOutputHelper output)
{
    private const string Uri = "file:///work/Basket.cs";
    private const string Before = "using System.Collections.Generic;\n\nnamespace Shop;\n\npublic class Basket\n{\n" +
        "    private readonly List<decimal> _prices = new List<decimal>();\n\n    public void Add(decimal price)\n    {\n        _prices.Add(price);\n    }\n\n    ";
    // a property: the shape the model completes most often (accessor lists), so some suggestions compile and some do not
    private const string Line = "public decimal Total { get; private set; }";
    private const string After = "\n}\n";
    private const int LineNumber = 13;
    private const int Indent = 4;

    private sealed record Shown(string Typed, string Text, string? Verdict);

    private async Task<(List<Shown> Shown, string Log)> TypeTheLineAsync(string verify)
    {
        await using var server = InProcessServer.Start();
        server.Settings = new JsonObject
        {
            ["models"] = new JsonObject { ["F16"] = TrainedModels.ShippedPath },
            ["quantFormat"] = "F16",
            ["backend"] = "cpu", // llama.cpp's backend is chosen once per process: the one every test here uses (TestHost)
            ["threads"] = 1,
            ["verify"] = verify,
            ["maxTokens"] = 24,
            // the verdicts, not the budget, are under test: a loaded machine must not turn them into "unchecked"
            ["verifyBudgetMs"] = 20_000,
        };
        await server.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(5));
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Before + After));
        var shown = new List<Shown>();
        for (var typed = 0; typed <= Line.Length; typed++)
        {
            if (typed > 0)
                await server.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, typed + 1,
                    TextDocuments.Edit(LineNumber, Indent + typed - 1, LineNumber, Indent + typed - 1, Line[typed - 1].ToString())));
            var response = await server.RequestAsync("textDocument/inlineCompletion", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = Uri },
                ["position"] = TextDocuments.Position(LineNumber, Indent + typed),
                ["context"] = new JsonObject { ["triggerKind"] = 2 },
            });
            if (response["result"]?["items"] is JsonArray { Count: > 0 } items)
                shown.Add(new Shown(Line[..typed], (string)items[0]!["insertText"]!, null));
        }
        var verdicts = await server.EventsAsync(EventKinds.SuggestionShown);
        shown = [.. shown.Zip(verdicts, (s, e) => s with { Verdict = e.Verdict })];
        foreach (var s in shown)
            output.WriteLine($"{verify}: '{s.Typed}' -> '{s.Text}' ({s.Verdict})");
        return (shown, server.LogFileText());
    }

    private static bool IsError(string? verdict) => verdict is "syntax-error" or "introduces-errors";

    /// <summary>
    /// Annotate shows each suggestion with its verdict; filter shows only those that add no error, or a shorter cut of one
    /// that does not. (The model's text at a keystroke can differ between runs: the signature context refreshes in the
    /// background, so the assertions hold for any of its answers.)
    /// </summary>
    [Fact]
    public async Task The_verifier_passes_the_models_suggestions_that_add_no_error_and_filter_mode_hides_those_that_do()
    {
        var (annotated, _) = await TypeTheLineAsync("annotate");
        var (filtered, _) = await TypeTheLineAsync("filter");

        Assert.Contains(annotated.Concat(filtered), s => s.Verdict == "compiles" && s.Text.Trim().Length > 0);
        Assert.DoesNotContain(filtered, s => IsError(s.Verdict));
        var hidden = annotated.Where(a => IsError(a.Verdict)).ToArray();
        Assert.NotEmpty(hidden);
        // at each such keystroke the filter showed nothing, or a shorter cut of the suggestion that passed
        Assert.All(hidden, a => Assert.DoesNotContain(filtered, f => f.Typed == a.Typed && f.Text == a.Text));
    }

    /// <summary>
    /// The log (here at Debug, more than the default Information) holds counts, lengths and diagnostic ids, never the
    /// document's code or the model's suggestions: telemetry.includeCode is off, as by default.
    /// </summary>
    [Fact]
    public async Task Neither_the_document_nor_the_suggestions_reach_the_log()
    {
        var (shown, log) = await TypeTheLineAsync("annotate");

        Assert.Contains("Suggestion ", log); // the log was written, with a line per shown suggestion
        Assert.DoesNotContain("_prices.Add(price)", log);
        Assert.DoesNotContain("List<decimal>", log);
        var texts = shown.Select(s => s.Text.Trim()).Where(t => t.Length >= 6).Distinct().ToArray();
        Assert.NotEmpty(texts);
        Assert.All(texts, text => Assert.DoesNotContain(text, log));
    }
}
