using System.Diagnostics;
using System.Text.Json.Nodes;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Inference.LlamaServer;
using CodeAssist.Server.Models;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// The whole server in process with codeassist.backend "llama-server", against a real llama-server router: completions
/// with the server's timings in telemetry, a format switch with progress, and each failure (down at start and
/// mid-session, 5xx, too slow, unknown model, wrong key) as one status and message with recovery once the cause is gone.
/// </summary>
[Collection(LlamaServerCollection.Name)]
public sealed class LlamaServerBackendTests(LlamaServerFixture llama, ITestOutputHelper output)
{
    private const string Uri = "file:///work/Calculator.cs";
    private const string Before = "using System;\n\npublic class Calculator\n{\n    public int Add(int a, int b)\n    {\n        ";
    private const string After = "\n    }\n}\n";
    private const string Typed = "return a + b;";
    private const int BodyLine = 6;
    private const int BodyColumn = 8;
    private const string WrongKey = "wrong-key-71b9";

    private JsonObject Settings(Uri url, string format = "F16", string apiKey = LlamaServerFixture.ApiKey) => new()
    {
        ["backend"] = "llama-server",
        ["serverUrl"] = url.ToString(),
        ["serverApiKey"] = apiKey,
        ["models"] = new JsonObject { ["F16"] = llama.Trained, ["Q8_0"] = llama.ModelA, ["MXFP4"] = llama.ModelB },
        ["quantFormat"] = format,
        ["verify"] = "off",
        ["completionTimeoutMs"] = 10_000,
    };

    private static async Task<InProcessServer> StartAsync(JsonObject settings)
    {
        var server = InProcessServer.Start();
        server.Settings = settings;
        await server.InitializeAsync(new JsonObject
        {
            ["window"] = new JsonObject { ["workDoneProgress"] = true },
            ["workspace"] = new JsonObject { ["configuration"] = true },
        });
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Before + After));
        return server;
    }

    [Fact]
    public async Task Keystrokes_complete_through_llama_server_and_its_timings_reach_telemetry()
    {
        await using var server = await StartAsync(Settings(llama.Url));
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(2));

        var shown = await TypeAndReportAsync(server);

        Assert.NotEmpty(shown);
        Assert.All(shown, e => Assert.Equal(LlamaServerBackend.BackendName, (string?)e["backend"]));
        Assert.All(shown, e => Assert.NotNull(e["evaluated_prompt_tokens"]));
        Assert.All(shown, e => Assert.True((double)e["generated_tokens_per_second"]! > 0));
        // Each keystroke extends the prompt: the server's cache keeps what came before it.
        Assert.Contains(shown.Skip(1), e => (int)e["reused_prompt_tokens"]! > (int)e["evaluated_prompt_tokens"]!);
        var started = (await server.ExportedEventsAsync()).First(e => (string?)e["kind"] == "session_start");
        Assert.Equal(LlamaServerBackend.BackendName, (string?)started["backend"]);
        Assert.NotNull(started["format_sha256"]); // the server's model path is readable here, so it is hashed as in-process
    }

    /// <summary>The same keystrokes on the same model file in process (1 thread, context 1024, as the fixture's server), to compare.</summary>
    [Fact]
    public async Task The_same_keystrokes_in_process_run_the_same_pipeline()
    {
        await using var server = await StartAsync(new JsonObject
        {
            ["models"] = new JsonObject { ["F16"] = Path.Combine(llama.ModelsDirectory, llama.Trained + ".gguf") },
            ["quantFormat"] = "F16",
            ["backend"] = "cpu", // llama.cpp's backend is chosen once per process: the one every test here uses (TestHost)
            ["threads"] = 1,
            ["contextSize"] = 1024,
            ["verify"] = "off",
            ["completionTimeoutMs"] = 10_000,
        });
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(2));

        var shown = await TypeAndReportAsync(server);

        Assert.NotEmpty(shown);
        Assert.All(shown, e => Assert.Equal("in-process", (string?)e["backend"]));
        Assert.Contains(shown.Skip(1), e => (int)e["reused_prompt_tokens"]! > (int)e["evaluated_prompt_tokens"]!);
    }

    [Fact]
    public async Task Switching_format_has_the_router_load_the_other_model_with_progress()
    {
        await using var server = await StartAsync(Settings(llama.Url));
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(2));
        await UnloadAsync(llama.ModelB);

        var clock = Stopwatch.StartNew();
        server.Settings["quantFormat"] = "MXFP4";
        await server.ChangeSettingsAsync();
        await server.WaitForStatusAsync("ready", "MXFP4", TimeSpan.FromMinutes(2));
        output.WriteLine($"format switch through the router: {clock.ElapsedMilliseconds} ms");

        await server.WaitForNotificationAsync("$/progress", n => ((string?)n["params"]!["value"]!["message"])?.Contains($"llama-server is loading {llama.ModelB}") == true);
        Assert.Contains(await llama.Client().ListModelsAsync(CancellationToken.None), m => m.Id == llama.ModelB && m.Status == "loaded");
    }

    [Fact]
    public async Task A_server_down_at_start_and_mid_session_is_one_message_each_and_completions_resume_when_it_is_back()
    {
        await using var relay = new TcpRelay(llama.Url.Port);
        await using var server = await StartAsync(Settings(relay.Url));
        await AssertUnavailableAsync(server, "is not reachable", 1);

        relay.Set(TcpRelay.Mode.Up);
        await AssertRecoversAsync(server);

        relay.Set(TcpRelay.Mode.Down);
        await CompleteAsync(server);
        await AssertUnavailableAsync(server, "is not reachable", 2);
        await CompleteAsync(server);
        Assert.Equal(2, ErrorMessages(server).Count); // still down: no second message for the same failure

        relay.Set(TcpRelay.Mode.Up);
        await AssertRecoversAsync(server);
        // The same model came back: one session start, not one per outage.
        Assert.Single(await server.ExportedEventsAsync(), e => (string?)e["kind"] == "session_start");
    }

    [Fact]
    public async Task A_5xx_server_is_unavailable_until_it_answers_again()
    {
        await using var relay = new TcpRelay(llama.Url.Port);
        relay.Set(TcpRelay.Mode.Failing);
        await using var server = await StartAsync(Settings(relay.Url));
        await AssertUnavailableAsync(server, "HTTP 503: Overloaded", 1);

        relay.Set(TcpRelay.Mode.Up);
        await AssertRecoversAsync(server);
    }

    [Fact]
    public async Task A_server_slower_than_completionTimeoutMs_is_unavailable_until_it_answers_in_time()
    {
        await using var relay = new TcpRelay(llama.Url.Port);
        relay.Set(TcpRelay.Mode.Up);
        var settings = Settings(relay.Url);
        settings["completionTimeoutMs"] = 2000;
        await using var server = await StartAsync(settings);
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(2));

        relay.Set(TcpRelay.Mode.Silent);
        var clock = Stopwatch.StartNew();
        Assert.Null((await CompleteAsync(server))["result"]?["items"]?.AsArray().FirstOrDefault());
        Assert.InRange(clock.ElapsedMilliseconds, 1500, 8000);
        await AssertUnavailableAsync(server, "completionTimeoutMs", 1);

        relay.Set(TcpRelay.Mode.Up);
        await AssertRecoversAsync(server);
    }

    [Fact]
    public async Task A_model_unknown_to_the_router_says_so_and_a_corrected_name_recovers()
    {
        var settings = Settings(llama.Url);
        settings["models"]!["F16"] = "no-such-model";
        await using var server = await StartAsync(settings);
        await AssertUnavailableAsync(server, "has no model 'no-such-model'", 1);

        server.Settings["models"]!["F16"] = llama.Trained;
        await server.ChangeSettingsAsync();
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_wrong_api_key_says_which_setting_to_fix_and_no_key_reaches_the_log()
    {
        await using var server = await StartAsync(Settings(llama.Url, apiKey: WrongKey));
        await AssertUnavailableAsync(server, "codeassist.serverApiKey", 1);

        server.Settings["serverApiKey"] = LlamaServerFixture.ApiKey;
        await server.ChangeSettingsAsync();
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(2));
        await CompleteAsync(server);

        await server.WaitForStderrAsync("serverUrl");
        Assert.DoesNotContain(WrongKey, server.Stderr);
        Assert.DoesNotContain(LlamaServerFixture.ApiKey, server.Stderr);
        Assert.DoesNotContain(server.Notifications, n => n.ToJsonString().Contains(WrongKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refactors_ask_the_routers_model_through_chat()
    {
        using var scratch = new TempDirectory();
        var backend = new LlamaServerBackend(new ModelFingerprinter(scratch.Path));
        var settings = new ModelRegistrySettings(new Dictionary<string, string> { ["F16"] = llama.Trained }, "F16", new ModelHostSettings(),
            new LlamaServerEndpoint(llama.Url, LlamaServerFixture.ApiKey));
        Assert.Equal(ModelState.Ready, (await backend.ApplyAsync(settings, null, CancellationToken.None)).State);

        var pieces = new List<string>();
        var answer = await backend.ChatAsync(
            [ChatMessage.System("You rewrite C# code."), ChatMessage.User("Simplify: int Twice(int x) { return x + x; }")],
            new GenerationOptions { MaxTokens = 32, WallTimeBudget = TimeSpan.FromMinutes(1) }, pieces.Add, CancellationToken.None);

        output.WriteLine(answer);
        Assert.False(string.IsNullOrEmpty(answer));
        Assert.Equal(answer, string.Concat(pieces));
        Assert.Equal(LlamaServerBackend.BackendName, backend.Current!.Backend);
        Assert.Equal(64, (await backend.Current.Fingerprint).Sha256.Length);
    }

    /// <summary>
    /// Types <see cref="Typed"/> at the method body one character at a time, asking for a completion after each, and
    /// reports per keystroke the prompt tokens reused (cache_n) and evaluated (prompt_n) and the wait end to end. Returns
    /// the suggestions the model served (not those reused as typed ahead).
    /// </summary>
    private async Task<List<JsonNode>> TypeAndReportAsync(InProcessServer server)
    {
        var latencies = new List<double>();
        for (var i = 0; i < Typed.Length; i++)
        {
            await server.NotifyAsync("textDocument/didChange",
                TextDocuments.Change(Uri, i + 2, TextDocuments.Edit(BodyLine, BodyColumn + i, BodyLine, BodyColumn + i, Typed[i].ToString())));
            var clock = Stopwatch.StartNew();
            await CompleteAsync(server, BodyColumn + i + 1);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        var shown = (await ShownAsync(server)).Where(e => (bool?)e["typed_ahead_hit"] != true && (bool?)e["cache_hit"] != true).ToList();
        foreach (var e in shown)
            output.WriteLine($"cache_n {e["reused_prompt_tokens"]} prompt_n {e["evaluated_prompt_tokens"]} generated/s {(double?)e["generated_tokens_per_second"]:F0} " +
                             $"model {(double?)e["prompt_eval_ms"] + (double?)e["generation_ms"]:F1} ms total {(double?)e["total_ms"]:F1} ms");
        output.WriteLine($"end to end over {latencies.Count} keystrokes: p50 {Percentile(latencies, 0.5):F0} ms, p95 {Percentile(latencies, 0.95):F0} ms");
        return shown;
    }

    private static Task<JsonObject> CompleteAsync(InProcessServer server, int column = BodyColumn) =>
        server.RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri },
            ["position"] = TextDocuments.Position(BodyLine, column),
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        }, TimeSpan.FromMinutes(1));

    private static async Task<List<JsonNode>> ShownAsync(InProcessServer server) =>
        (await server.ExportedEventsAsync()).Where(e => (string?)e["kind"] == "suggestion_shown").ToList();

    private static List<JsonObject> ErrorMessages(InProcessServer server) =>
        server.Notifications.Where(n => (string?)n["method"] == "window/showMessage" && (int?)n["params"]!["type"] == 1).ToList();

    /// <summary>The status bar says "error" with the cause, and the user has had exactly <paramref name="messages"/> error messages so far.</summary>
    private static async Task AssertUnavailableAsync(InProcessServer server, string cause, int messages)
    {
        await server.WaitForNotificationAsync("codeassist/status", n =>
            (string?)n["params"]!["state"] == "error" && ((string?)n["params"]!["message"])?.Contains(cause, StringComparison.Ordinal) == true);
        var errors = await Polling.UntilAsync(() => ErrorMessages(server) is { } all && all.Count >= messages ? all : null,
            TimeSpan.FromSeconds(10), () => $"fewer than {messages} error messages");
        Assert.Equal(messages, errors.Count);
        Assert.Contains(cause, (string?)errors[^1]["params"]!["message"]);
    }

    /// <summary>The next completion request is the retry: it reconnects, and the status turns ready again.</summary>
    private static async Task AssertRecoversAsync(InProcessServer server)
    {
        var readyBefore = server.Notifications.Count(IsReady);
        await Polling.UntilAsync(async () =>
        {
            await CompleteAsync(server);
            return server.Notifications.Count(IsReady) > readyBefore ? "ready" : null;
        }, TimeSpan.FromMinutes(1), () => $"no recovery. Server log:\n{server.Stderr}");

        static bool IsReady(JsonObject n) => (string?)n["method"] == "codeassist/status" && (string?)n["params"]!["state"] == "ready";
    }

    private async Task UnloadAsync(string model)
    {
        try
        {
            await llama.Client().UnloadModelAsync(model, CancellationToken.None);
        }
        catch (LlamaServerException)
        {
            // Not loaded: the switch loads it either way.
        }
        await Polling.UntilAsync(async () => (await llama.Client().ListModelsAsync(CancellationToken.None)).Any(m => m.Id == model && m.Status != "loaded") ? "unloaded" : null,
            TimeSpan.FromSeconds(30), () => $"{model} stayed loaded");
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(fraction * sorted.Count) - 1)];
    }
}
