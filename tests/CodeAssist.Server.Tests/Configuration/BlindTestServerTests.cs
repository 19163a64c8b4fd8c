using System.Text.Json.Nodes;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Telemetry.Events;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Configuration;

/// <summary>
/// Blind A/B (codeassist.abTest) in the real server: the drawn format is never named to the client (status, progress,
/// messages), while telemetry records the real label so the export can reveal it.
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class BlindTestServerTests(DemoModelsFixture models)
{
    private static readonly string[] Formats = ["Q8_0", "Q6_K"];

    private JsonObject Settings(bool blind) => new()
    {
        ["models"] = new JsonObject(Formats.Select(f => KeyValuePair.Create(f, (JsonNode?)models.Get("qwen3moe", f).Path))),
        ["quantFormat"] = "Q8_0",
        ["abTest"] = blind,
        ["backend"] = "cpu", // llama.cpp's backend is chosen once per process: the one every test here uses (TestHost)
        ["threads"] = 1,
        ["contextSize"] = 512,
    };

    /// <summary>Starts a server with these settings, lets it load the session's format and returns what it loaded.</summary>
    private static async Task<(InProcessServer Server, string Loaded)> LoadAsync(JsonObject settings)
    {
        var server = InProcessServer.Start();
        server.Settings = settings;
        await server.InitializeAsync(new JsonObject
        {
            ["workspace"] = new JsonObject { ["configuration"] = true },
            ["window"] = new JsonObject { ["workDoneProgress"] = true },
        });
        await server.WaitForStatusAsync("ready");
        return (server, server.Get<ModelRegistry>().Status.Label!);
    }

    /// <summary>Every string the client was sent in status, progress and message notifications.</summary>
    private static List<string> ClientText(InProcessServer server) =>
        [.. server.Notifications.Where(n => (string?)n["method"] is "codeassist/status" or "$/progress" or "window/showMessage" or "window/logMessage")
            .SelectMany(n => Strings(n["params"]))];

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [Fact]
    public async Task The_blind_format_is_hidden_from_the_client_and_recorded_with_its_real_label()
    {
        var (server, loaded) = await LoadAsync(Settings(blind: true));
        await using var _ = server;

        Assert.Contains(loaded, Formats);
        var sent = ClientText(server);
        Assert.NotEmpty(sent);
        Assert.All(sent, text => Assert.DoesNotContain(loaded, text, StringComparison.Ordinal));
        Assert.All(server.Notifications.Where(n => (string?)n["method"] == "codeassist/status"), n => Assert.Null(n["params"]!["format"]));
        var started = Assert.Single(await server.EventsAsync(EventKinds.SessionStart, 1));
        Assert.Equal(loaded, started.FormatLabel);
    }

    [Fact]
    public async Task Without_the_blind_test_the_client_sees_the_format_it_chose()
    {
        var (server, loaded) = await LoadAsync(Settings(blind: false));
        await using var _ = server;

        Assert.Equal("Q8_0", loaded);
        Assert.Contains(ClientText(server), text => text.Contains("Q8_0", StringComparison.Ordinal));
        await server.WaitForStatusAsync("ready", "Q8_0");
    }
}
