using System.Text.Json.Nodes;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Sessions;

/// <summary>Issue 4 through the server process with a real quantized demo model.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class CompletionTests(DemoModelsFixture models)
{
    private static Task<JsonObject> InjectAsync(LspClient client, string text) =>
        client.RequestAsync("codeassist/test/injectCompletion", new JsonObject { ["text"] = text });

    private static async Task<JsonArray> InlineItemsAsync(LspClient client, int line = ModelSession.BodyLine, int character = ModelSession.BodyColumn)
    {
        var response = await client.RequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(line, character));
        Assert.Null(response["error"]);
        return response["result"]!["items"]!.AsArray();
    }

    private static async Task<JsonObject?> CompletionItemAsync(LspClient client)
    {
        var response = await client.RequestAsync("textDocument/completion", TextDocuments.At(ModelSession.Uri, ModelSession.BodyLine, ModelSession.BodyColumn));
        Assert.Null(response["error"]);
        return response["result"]!["items"]!.AsArray().SingleOrDefault()?.AsObject();
    }

    [Fact]
    public async Task The_real_model_answers_an_inline_completion_with_timings_in_the_status()
    {
        var settings = ModelSession.Settings(models, verify: "off");
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(), settings);
        var response = await client.RequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(ModelSession.BodyLine, ModelSession.BodyColumn));
        Assert.Null(response["error"]);
        Assert.NotNull(response["result"]!["items"]);
        Assert.Equal(0, await client.ShutdownAsync());
        var log = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(client.DataDirectory, "logs")).Single());
        Assert.Matches(@"(Suggestion \w+: .* generated, stopped: (MaxTokens|EndOfGeneration|Complete)\)|Nothing left of the model's)", log);
    }

    [Theory]
    [InlineData("return a + b;", "compiles")]
    [InlineData("return a + b", "syntax-error")]
    [InlineData("return a + c;", "introduces-errors")]
    public async Task Hand_written_suggestions_get_the_right_verdict(string suggestion, string verdict)
    {
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), ModelSession.Settings(models, verify: "annotate"));
        await InjectAsync(client, suggestion);
        var item = await CompletionItemAsync(client);
        Assert.NotNull(item);
        Assert.Equal(suggestion, (string)item["textEdit"]!["newText"]!);
        Assert.Equal($"CodeAssist ({verdict})", (string)item["detail"]!);
        Assert.Equal("codeassist.accept", (string)item["command"]!["command"]!);
    }

    [Fact]
    public async Task The_filter_policy_hides_a_suggestion_that_introduces_errors_and_shows_one_that_compiles()
    {
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), ModelSession.Settings(models, verify: "filter"));
        await InjectAsync(client, "return a + c;");
        Assert.Empty(await InlineItemsAsync(client));

        await InjectAsync(client, "return a + b;\n        var broken = ;");
        var items = await InlineItemsAsync(client);
        Assert.Equal("return a + b;", (string)items.Single()!["insertText"]!); // the shorter candidate that compiles
    }

    [Fact]
    public async Task Inline_items_carry_the_range_and_the_accept_command_with_the_suggestion_id()
    {
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), ModelSession.Settings(models));
        await InjectAsync(client, "return a + b;");
        var item = (await InlineItemsAsync(client)).Single()!;
        Assert.Equal(ModelSession.BodyLine, (int)item["range"]!["start"]!["line"]!);
        Assert.Equal(ModelSession.BodyColumn, (int)item["range"]!["start"]!["character"]!);
        Assert.Equal("codeassist.accept", (string)item["command"]!["command"]!);
        Assert.Matches("^[0-9a-f]{32}$", (string)item["command"]!["arguments"]![0]!["suggestionId"]!);
    }

    [Fact]
    public async Task Typed_ahead_and_cache_hits_serve_without_the_model()
    {
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), ModelSession.Settings(models));
        await InjectAsync(client, "return a + b;");
        Assert.Equal("return a + b;", (string)(await InlineItemsAsync(client)).Single()!["insertText"]!);

        // The user types "ret": the rest of the same suggestion comes back at once.
        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(ModelSession.Uri, 2,
            TextDocuments.Edit(ModelSession.BodyLine, ModelSession.BodyColumn, ModelSession.BodyLine, ModelSession.BodyColumn, "ret")));
        var rest = (await InlineItemsAsync(client, character: ModelSession.BodyColumn + 3)).Single()!;
        Assert.Equal("urn a + b;", (string)rest["insertText"]!);

        // Deleting it again restores the original text around the cursor: a cache hit, not the (noise-producing) model.
        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(ModelSession.Uri, 3,
            TextDocuments.Edit(ModelSession.BodyLine, ModelSession.BodyColumn, ModelSession.BodyLine, ModelSession.BodyColumn + 3, "")));
        Assert.Equal("return a + b;", (string)(await InlineItemsAsync(client)).Single()!["insertText"]!);

        var shown = (await client.ExportedEventsAsync()).Where(e => (string?)e["kind"] == "suggestion_shown").ToList();
        Assert.Equal(3, shown.Count);
        Assert.Equal([false, true, false], shown.Select(e => (bool)e["typed_ahead_hit"]!));
        Assert.Equal([false, false, true], shown.Select(e => (bool)e["cache_hit"]!));
    }

    [Fact]
    public async Task A_suggestion_cached_for_one_format_is_not_served_by_another()
    {
        var settings = ModelSession.Settings(models);
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), settings);
        await InjectAsync(client, "return a + b;");
        Assert.Equal("return a + b;", (string)(await InlineItemsAsync(client)).Single()!["insertText"]!);

        settings["quantFormat"] = "MXFP4_MOE";
        await client.ChangeSettingsAsync();
        await client.WaitForStatusAsync("ready", "MXFP4_MOE");
        await InjectAsync(client, "return b + a;");

        // The same text around the cursor, but another format: its own answer, not the cached one.
        Assert.Equal("return b + a;", (string)(await InlineItemsAsync(client)).Single()!["insertText"]!);
    }

    /// <summary>
    /// A switch to another format and straight back, as a user toggling twice (or bench soak's last switch and its
    /// return to the first format): the server applies the newest settings, and the client's last status says so
    /// even when no new status follows the second change.
    /// </summary>
    [Fact]
    public async Task After_a_switch_and_straight_back_the_last_status_is_the_first_format_ready()
    {
        var settings = ModelSession.Settings(models, verify: "off");
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(), settings);
        Assert.Equal(("ready", "Q8_0"), (client.LastStatus?.State, client.LastStatus?.Format));

        int Pulls() => client.ServerRequests.Count(r => (string?)r["method"] == "workspace/configuration");
        var pulled = Pulls();
        client.Settings = ModelSession.Settings(models, active: "MXFP4_MOE", verify: "off");
        await client.ChangeSettingsAsync();
        client.Settings = settings;
        await client.ChangeSettingsAsync();
        await Polling.UntilAsync(() => Pulls() >= pulled + 2 ? "" : null, TimeSpan.FromSeconds(60), () => "the server did not pull its settings twice");

        // Answered on whichever model the settings left loaded; by then any load they started has reported.
        Assert.Null((await client.RequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(ModelSession.BodyLine, ModelSession.BodyColumn)))["error"]);
        await Polling.UntilAsync(() => client.LastStatus is { State: "ready", Format: "Q8_0" } ? "" : null,
            TimeSpan.FromSeconds(60), () => $"last status {client.LastStatus}");
    }

    [Fact]
    public async Task Of_twenty_requests_in_a_second_only_the_latest_is_served()
    {
        // The trained model, which writes on here until its token limit: the tiny random one can reach its end-of-text
        // token before the next keystroke arrives, and then that request is served (seen once in CI).
        var settings = ModelSession.Settings(models, verify: "off");
        settings["models"] = new JsonObject { ["Q8_0"] = TrainedModels.ShippedPath };
        settings["contextSize"] = 4096;
        settings["maxTokens"] = 4000;
        settings["completionTimeoutMs"] = 60000;
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(), settings);
        var answers = new List<Task<JsonObject>>();
        for (var i = 0; i < 20; i++)
        {
            // Each keystroke changes the text so no cache or typed-ahead answer short-cuts the model.
            await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(ModelSession.Uri, 2 + i,
                TextDocuments.Edit(ModelSession.BodyLine, ModelSession.BodyColumn + i, ModelSession.BodyLine, ModelSession.BodyColumn + i, "x")));
            answers.Add((await client.SendRequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(ModelSession.BodyLine, ModelSession.BodyColumn + i + 1))).Response);
        }
        var results = await Task.WhenAll(answers);
        Assert.All(results[..^1], r => Assert.Equal(-32802, (int)r["error"]!["code"]!));
        Assert.Null(results[^1]["error"]);
    }

    [Fact]
    public async Task CancelRequest_stops_a_running_completion_with_RequestCancelled()
    {
        // The trained model writes digits and C#-like text with no line break here until its token limit, seconds away
        // (the tiny random one can end at its end-of-text token within the milliseconds a cancel takes).
        var settings = ModelSession.Settings(models, verify: "off");
        settings["models"] = new JsonObject { ["Q8_0"] = TrainedModels.ShippedPath };
        settings["contextSize"] = 4096;
        settings["maxTokens"] = 4000;
        settings["completionTimeoutMs"] = 60000;
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(), settings);
        var (id, response) = await client.SendRequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(ModelSession.BodyLine, ModelSession.BodyColumn));
        await client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });
        var answer = await response;
        Assert.Equal(-32800, (int)answer["error"]!["code"]!);
        Assert.Equal(0, await client.ShutdownAsync());
    }
}
