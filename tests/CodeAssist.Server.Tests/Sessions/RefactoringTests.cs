using System.Text.Json.Nodes;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Sessions;

/// <summary>Issue 7 through the server process: offers without the model, resolve with injected model answers.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class RefactoringTests(DemoModelsFixture models)
{
    private const int LoopLine = 15;

    private static async Task<JsonObject> LoopToLinqActionAsync(LspClient client)
    {
        var response = await client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = ModelSession.Uri },
            ["range"] = new JsonObject { ["start"] = TextDocuments.Position(LoopLine, 10), ["end"] = TextDocuments.Position(LoopLine, 10) },
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        });
        var actions = response["result"]!.AsArray();
        Assert.DoesNotContain(actions, a => ((string)a!["title"]!).Contains("LINQ to loop", StringComparison.OrdinalIgnoreCase));
        return actions.Single(a => ((string)a!["title"]!).Contains("LINQ", StringComparison.OrdinalIgnoreCase))!.AsObject();
    }

    private static Task InjectAsync(LspClient client, string text) =>
        client.RequestAsync("codeassist/test/injectCompletion", new JsonObject { ["text"] = text });

    [Fact]
    public async Task A_valid_rewrite_resolves_to_a_minimal_edit_with_the_applied_command()
    {
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), ModelSession.Settings(models));
        var action = await LoopToLinqActionAsync(client);
        Assert.Equal("refactor.rewrite", (string)action["kind"]!);
        Assert.Null(action["edit"]);

        await InjectAsync(client, """
            ```csharp
            public int Sum()
            {
                var total = 0;
                _values.ForEach(value => total += value);

                return total;
            }
            ```
            """);
        var resolved = await client.RequestAsync("codeAction/resolve", action.DeepClone());
        Assert.Null(resolved["error"]);
        var edits = resolved["result"]!["edit"]!["documentChanges"]![0]!["edits"]!.AsArray();
        Assert.All(edits, e => Assert.InRange((int)e!["range"]!["start"]!["line"]!, LoopLine, LoopLine + 3));
        Assert.Contains(edits, e => ((string)e!["newText"]!).Contains("ForEach"));
        Assert.Equal("codeassist.refactorApplied", (string)resolved["result"]!["command"]!["command"]!);
        await client.WaitForServerRequestAsync("window/workDoneProgress/create");
    }

    [Fact]
    public async Task An_invalid_rewrite_is_retried_once_then_fails_clearly()
    {
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), ModelSession.Settings(models));
        var action = await LoopToLinqActionAsync(client);
        await InjectAsync(client, "public int Sum()\n{\n    return _values.Total(missing);\n}");
        await InjectAsync(client, "public int Sum()\n{\n    return undefinedThing;\n}");
        await InjectAsync(client, "public int Sum()\n{\n    return 0;\n}"); // a third answer must not be asked for
        var resolved = await client.RequestAsync("codeAction/resolve", action.DeepClone());
        Assert.Equal(-32803, (int)resolved["error"]!["code"]!);
        Assert.Contains("failed", (string)resolved["error"]!["message"]!);
        Assert.Contains("undefinedThing", (string)resolved["error"]!["message"]!); // the user sees why

        // The server's log (at Debug, telemetry.includeCode off) names the verdict, never the rewrite's code.
        var log = await client.LogFileTextAsync("refactoring failed: introduces-errors");
        Assert.DoesNotContain("undefinedThing", log);
        Assert.DoesNotContain("_values.Total", log);

        var events = await client.ExportedEventsAsync();
        Assert.Contains(events, e => (string?)e["kind"] == "refactor_offered");
        Assert.Contains(events, e => (string?)e["kind"] == "refactor_verdict" && ((string?)e["verdict"])!.Contains("introduces-errors"));
    }

    [Fact]
    public async Task A_rewrite_that_changes_the_signature_is_applied_but_flagged_in_the_verdict()
    {
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), ModelSession.Settings(models));
        var action = await LoopToLinqActionAsync(client);
        await InjectAsync(client, "public long Sum()\n{\n    long total = 0;\n    foreach (var value in _values)\n        total += value;\n    return total;\n}");
        var resolved = await client.RequestAsync("codeAction/resolve", action.DeepClone());
        Assert.Null(resolved["error"]);

        var verdicts = (await client.ExportedEventsAsync())
            .Where(e => (string?)e["kind"] == "refactor_verdict").Select(e => (string?)e["verdict"]).ToList();
        Assert.Contains("compiles+signature-changed", verdicts);
    }

    [Fact]
    public async Task CancelRequest_stops_a_refactoring_the_real_model_is_generating()
    {
        // The trained model writes C#-like text until its token limit (the tiny random one may end its two attempts
        // within the milliseconds a cancel takes), so the cancel finds it generating.
        var settings = ModelSession.Settings(models);
        settings["models"] = new JsonObject { ["Q8_0"] = TrainedModels.ShippedPath };
        settings["contextSize"] = 2048;
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(), settings);
        var action = await LoopToLinqActionAsync(client);
        var (id, response) = await client.SendRequestAsync("codeAction/resolve", action.DeepClone());
        // cancelled once it runs: a tiny model can fail its two attempts before a cancel sent at once arrives
        // cancelled once it runs: a tiny model can fail its two attempts before a cancel sent at once arrives
        await client.WaitForNotificationAsync("$/progress",
            n => ((string?)n["params"]!["value"]!["title"])?.EndsWith((string)action["title"]!, StringComparison.Ordinal) == true);
        await client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });
        var answer = await response;
        Assert.Equal(-32800, (int)answer["error"]!["code"]!);
        Assert.Equal(0, await client.ShutdownAsync());
    }
}
