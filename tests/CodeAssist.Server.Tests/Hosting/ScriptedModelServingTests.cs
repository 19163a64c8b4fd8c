using System.Text.Json.Nodes;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// The serving core in process around a scripted model: no model file, no child process; the answer goes through
/// post-processing and verification and is recorded with the model's identity.
/// </summary>
public sealed class ScriptedModelServingTests
{
    private const string Uri = "file:///work/Calculator.cs";
    private const string Source = "public class Calculator\n{\n    public int Add(int a, int b)\n    {\n        \n    }\n}\n";

    private static async Task<(InProcessServer Server, ScriptedModel Model)> StartAsync()
    {
        var model = new ScriptedModel("Q4_K_M");
        var server = InProcessServer.Start(model: model);
        // the verdict, not the budget, is under test: a loaded machine must not turn it into "unchecked"
        server.Settings = new JsonObject { ["quantFormat"] = "Q4_K_M", ["verifyBudgetMs"] = 20_000 };
        await server.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        await server.WaitForStatusAsync("ready", "Q4_K_M");
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Source));
        return (server, model);
    }

    private static Task<JsonObject> CompleteAsync(InProcessServer server) =>
        server.RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri },
            ["position"] = TextDocuments.Position(4, 8),
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        });

    [Fact]
    public async Task A_scripted_answer_is_cut_verified_shown_and_recorded_with_the_models_identity()
    {
        var (server, model) = await StartAsync();
        await using var _ = server;
        model.Answer("return a + b;\n    }\n\n    public int Unused() => 0;");

        var item = (await CompleteAsync(server))["result"]!["items"]![0]!;

        Assert.Equal("return a + b;", (string?)item["insertText"]);
        var request = Assert.Single(model.Requests);
        Assert.EndsWith("    public int Add(int a, int b)\n    {\n        ", request.Prefix);
        var shown = await Polling.UntilAsync(async () => (await server.ExportedEventsAsync()).FirstOrDefault(e => (string?)e["kind"] == "suggestion_shown"),
            TimeSpan.FromSeconds(10), () => "no suggestion_shown event");
        Assert.Equal(("Q4_K_M", "scripted"), ((string?)shown["format_label"], (string?)shown["backend"]));
        Assert.Equal("compiles", (string?)shown["verdict"]);
    }

    [Fact]
    public async Task An_answer_that_breaks_the_code_is_filtered()
    {
        var (server, model) = await StartAsync();
        await using var _ = server;
        model.Answer("return a + ;");

        Assert.Empty((await CompleteAsync(server))["result"]?["items"]?.AsArray() ?? []);
    }
}
