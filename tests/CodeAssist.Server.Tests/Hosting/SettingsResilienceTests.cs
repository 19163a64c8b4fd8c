using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// The real server in process with the real llama.cpp: no setting and no file shape makes completions fail (issue 12:
/// "verify": "banana" failed every keystroke; a 512-token context or a 20,000-character line failed every completion).
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class SettingsResilienceTests(DemoModelsFixture models)
{
    private const string Uri = "file:///work/Big.cs";

    private JsonObject Settings(int contextSize = 1024) => new()
    {
        ["models"] = new JsonObject { ["Q8_0"] = models.Get("qwen3moe", "Q8_0").Path },
        ["quantFormat"] = "Q8_0",
        ["backend"] = "cpu", // llama.cpp's backend is chosen once per process: the one every test here uses (TestHost)
        ["threads"] = 1,
        ["contextSize"] = contextSize,
        ["maxTokens"] = 8,
        ["verify"] = "off",
    };

    private static async Task<InProcessServer> StartAsync(JsonObject settings, string text)
    {
        var server = InProcessServer.Start();
        server.Settings = settings;
        await server.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        await server.WaitForStatusAsync("ready");
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, text));
        return server;
    }

    private static Task<JsonObject> CompleteAsync(InProcessServer server, int line, int character) =>
        server.RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri },
            ["position"] = TextDocuments.Position(line, character),
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        });

    private static string LongFile(int lines)
    {
        var text = new StringBuilder("public static class Big\n{\n");
        for (var i = 0; i < lines; i++)
            text.Append($"    public static int Value{i}(int x) => x * {i} + {i % 7};\n");
        return text.Append("    public static int Last(int x) => \n}\n").ToString();
    }

    [Fact]
    public async Task An_invalid_setting_is_one_warning_and_completions_go_on_with_the_last_good_value()
    {
        var settings = Settings();
        await using var server = await StartAsync(settings, LongFile(3));
        settings["verify"] = "banana";
        settings["threads"] = 100000;
        settings["verifyBudgetMs"] = -5;
        await server.ChangeSettingsAsync();
        await server.WaitForNotificationAsync("window/showMessage", n => ((string)n["params"]!["message"]!).Contains("codeassist.verify"));

        var completion = await CompleteAsync(server, 5, 38);
        Assert.Null(completion["error"]);
        await server.ChangeSettingsAsync(); // the same invalid values again: no second message
        Assert.Null((await CompleteAsync(server, 5, 38))["error"]);
        foreach (var setting in new[] { "codeassist.verify", "codeassist.threads", "codeassist.verifyBudgetMs" })
        {
            var messages = server.Notifications.Where(n => (string?)n["method"] == "window/showMessage")
                .Select(n => (string)n["params"]!["message"]!).Where(m => m.Contains(setting + " ")).ToList();
            Assert.True(messages.Count == 1, string.Join("\n", messages));
        }
    }

    [Fact]
    public async Task A_small_context_and_a_huge_line_still_give_completions()
    {
        var text = LongFile(150).Replace("    public static int Value3(", "    private const string Data = \"" + new string('a', 20_000) + "\";\n    public static int Value3(");
        await using var server = await StartAsync(Settings(contextSize: 512), text);
        var lines = text.Split('\n');
        var last = Array.FindIndex(lines, l => l.Contains("Last(int x)"));
        var data = Array.FindIndex(lines, l => l.Contains("string Data"));

        Assert.Null((await CompleteAsync(server, last, lines[last].Length))["error"]);
        Assert.Null((await CompleteAsync(server, data, 10_000))["error"]);
    }

    [Fact]
    public async Task A_flood_of_settings_changes_leaves_the_server_answering()
    {
        await using var server = await StartAsync(Settings(), LongFile(3));
        var clock = Stopwatch.StartNew();
        var changes = 0;
        // 100 changes a second for 10 s, each a new settings object (the client answers configuration pulls while it is replaced),
        // among them invalid values and a context size that reloads the model.
        for (; clock.Elapsed < TimeSpan.FromSeconds(10); changes++)
        {
            var settings = Settings(contextSize: changes % 50 == 0 ? 2048 : 1024);
            settings["maxTokens"] = 4 + changes % 5;
            settings["verify"] = changes % 7 == 0 ? "banana" : "annotate";
            server.Settings = settings;
            await server.ChangeSettingsAsync();
            var next = TimeSpan.FromMilliseconds(10 * (changes + 1)) - clock.Elapsed;
            if (next > TimeSpan.Zero)
                await Task.Delay(next);
        }
        server.Settings = Settings();
        await server.ChangeSettingsAsync();

        Assert.Null((await CompleteAsync(server, 5, 38))["error"]);
        Assert.Null((await server.RequestAsync("codeassist/documentState", TextDocuments.Identifier(Uri)))["error"]);
        Assert.True(changes >= 500, $"only {changes} changes in 10 s");
    }
}
