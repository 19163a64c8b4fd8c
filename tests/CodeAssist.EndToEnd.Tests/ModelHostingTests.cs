using System.Text.Json.Nodes;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>Issue 3 through the server process: load with progress, swap formats, bad models, telemetry off on a broken store.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class ModelHostingTests(DemoModelsFixture models)
{
    [Fact]
    public async Task Loading_a_model_shows_progress_and_a_ready_status_with_the_format()
    {
        await using var client = await ModelSession.StartAsync(LspTestClient.Start(), ModelSession.Settings(models));
        var create = await client.WaitForServerRequestAsync("window/workDoneProgress/create");
        var token = (string)create["params"]!["token"]!;
        await client.WaitForNotificationAsync("$/progress", n => (string?)n["params"]!["token"] == token && (string?)n["params"]!["value"]!["kind"] == "begin");
        await client.WaitForNotificationAsync("$/progress", n => (string?)n["params"]!["token"] == token && (string?)n["params"]!["value"]!["kind"] == "end");
        // The status bar follows the same load: loading statuses carry the fraction read so far.
        await client.WaitForNotificationAsync("codeassist/status", n =>
            (string?)n["params"]!["state"] == "loading" && n["params"]!["progress"] is { } fraction && (double)fraction is > 0 and <= 1);
        var ready = await client.WaitForStatusAsync("ready", "Q8_0");
        Assert.Contains("ready", (string)ready["params"]!["message"]!);
        Assert.Equal(0, await client.ShutdownAsync());
        Assert.Contains("backend", await LogAsync(client));
    }

    [Fact]
    public async Task Changing_quantFormat_swaps_the_model_without_a_restart()
    {
        await using var client = await ModelSession.StartAsync(LspTestClient.Start(), ModelSession.Settings(models));
        client.Settings["quantFormat"] = "MXFP4_MOE";
        await client.ChangeSettingsAsync();
        await client.WaitForStatusAsync("ready", "MXFP4_MOE");
        var pid = client.Process.Id;
        client.Settings["quantFormat"] = "Q8_0";
        await client.ChangeSettingsAsync();
        await client.WaitForStatusAsync("loading", "Q8_0");
        Assert.Equal(pid, client.Process.Id);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not-gguf")]
    [InlineData("truncated")]
    [InlineData("no-path")]
    [InlineData("out-of-memory")]
    public async Task A_bad_model_is_a_clear_error_and_the_server_keeps_serving(string problem)
    {
        using var work = new TempDirectory("bad-model");
        var path = work.File("model.gguf");
        switch (problem)
        {
            case "not-gguf":
                await File.WriteAllTextAsync(path, "this is not a model");
                break;
            case "truncated":
                var bytes = await File.ReadAllBytesAsync(models.Get("qwen3moe", "Q8_0").Path);
                await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 3)]);
                break;
        }
        var settings = ModelSession.Settings(models);
        settings["models"]!["Broken"] = problem switch
        {
            "no-path" => "",
            "out-of-memory" => models.Get("qwen3moe", "Q8_0").Path,
            _ => path,
        };
        settings["quantFormat"] = "Broken";
        if (problem == "out-of-memory")
            settings["contextSize"] = 1_000_000_000; // a KV cache of about 0.5 TB
        await using var client = await ModelSession.StartAsync(LspTestClient.Start(), settings, expectState: "error");

        var shown = await client.WaitForNotificationAsync("window/showMessage");
        Assert.Equal(1, (int)shown["params"]!["type"]!);
        var message = (string)shown["params"]!["message"]!;
        Assert.Contains(problem switch { "no-path" => "no GGUF path", "out-of-memory" => "out of memory", _ => "model.gguf" }, message);

        var completion = await client.RequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(ModelSession.BodyLine, ModelSession.BodyColumn));
        Assert.Empty(completion["result"]!["items"]!.AsArray());

        client.Settings["quantFormat"] = "Q8_0";
        client.Settings["contextSize"] = 1024;
        await client.ChangeSettingsAsync();
        await client.WaitForStatusAsync("ready", "Q8_0");
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task A_telemetry_store_that_cannot_be_written_turns_telemetry_off_with_a_warning_and_completions_go_on()
    {
        using var dataDirectory = new TempDirectory("ro");
        var data = dataDirectory.Path;
        Directory.CreateDirectory(Path.Combine(data, "telemetry.db")); // a directory where the database file should be
        var settings = ModelSession.Settings(models);
        await using var client = new LspTestClient(data, new Dictionary<string, string> { ["CODEASSIST_TEST_SEAMS"] = "1" }) { Settings = settings };
        await client.InitializeAsync(ModelSession.Capabilities());
        await client.WaitForStatusAsync("ready");
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(ModelSession.Uri, ModelSession.Source));
        await client.RequestAsync("codeassist/test/injectCompletion", new JsonObject { ["text"] = "return a - b;" });
        var first = await client.RequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(ModelSession.BodyLine, ModelSession.BodyColumn));
        Assert.Single(first["result"]!["items"]!.AsArray());

        var warning = await client.WaitForNotificationAsync("window/showMessage", n => (int)n["params"]!["type"]! == 2);
        Assert.Contains("telemetry is off", (string)warning["params"]!["message"]!);
        var second = await client.RequestAsync("textDocument/completion", TextDocuments.At(ModelSession.Uri, ModelSession.BodyLine, ModelSession.BodyColumn));
        Assert.Null(second["error"]);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    private static async Task<string> LogAsync(LspTestClient client) =>
        await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(client.DataDirectory, "logs")).Single());
}
