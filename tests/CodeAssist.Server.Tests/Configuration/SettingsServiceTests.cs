using System.Text.Json;
using System.Text.Json.Nodes;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Configuration;

/// <summary>Settings pulled from the client or pushed by it, in either shape; a change is announced once; a bad value warns once.</summary>
public sealed class SettingsServiceTests : IAsyncLifetime
{
    private readonly InProcessServer _server = InProcessServer.Start();

    private SettingsService Settings => _server.Get<SettingsService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task PushAsync(string json) => Settings.RefreshAsync(JsonDocument.Parse(json).RootElement.Clone(), CancellationToken.None);

    private List<string> Messages(string about) =>
        [.. _server.Notifications.Where(n => (string?)n["method"] == "window/showMessage")
            .Select(n => (string)n["params"]!["message"]!).Where(m => m.Contains(about, StringComparison.Ordinal))];

    [Theory]
    [InlineData("""{"codeassist": {"maxTokens": 42}}""")]
    [InlineData("""{"maxTokens": 42}""")]
    public async Task Pushed_settings_are_read_wrapped_in_codeassist_or_as_the_section_itself(string pushed)
    {
        await PushAsync(pushed);

        Assert.Equal(42, Settings.Current.MaxTokens);
    }

    [Fact]
    public async Task A_client_that_answers_workspace_configuration_is_asked_and_wins_over_what_it_pushed()
    {
        _server.Settings = new JsonObject { ["maxTokens"] = 7 };
        await _server.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });

        await PushAsync("""{"maxTokens": 42}""");

        Assert.Equal(7, Settings.Current.MaxTokens);
        var asked = await _server.WaitForServerRequestAsync("workspace/configuration");
        Assert.Equal("codeassist", (string?)asked["params"]!["items"]![0]!["section"]);
    }

    [Fact]
    public async Task Changed_is_raised_with_before_and_after_only_when_a_setting_changed()
    {
        var changes = new List<(CodeAssistSettings Before, CodeAssistSettings After)>();
        Settings.Changed += (before, after) => changes.Add((before, after));
        const string settings = """{"maxTokens": 42, "models": {"Q8_0": "/models/q8.gguf"}}""";

        await PushAsync(settings);
        await PushAsync(settings);

        var (before, after) = Assert.Single(changes);
        Assert.Equal((128, 42), (before.MaxTokens, after.MaxTokens));
        Assert.Same(after, Settings.Current);
        await PushAsync("""{"maxTokens": 42, "models": {"Q8_0": "/models/other.gguf"}}""");
        Assert.Equal("/models/other.gguf", Assert.Single(changes.Skip(1)).After.Models["Q8_0"]);
    }

    [Fact]
    public async Task A_new_server_api_key_alone_is_a_change_though_it_is_never_logged()
    {
        var changes = 0;
        Settings.Changed += (_, _) => changes++;

        await PushAsync("""{"serverApiKey": "first-key"}""");
        await PushAsync("""{"serverApiKey": "second-key"}""");

        Assert.Equal(2, changes);
        Assert.Equal("second-key", Settings.Current.ServerApiKey);
        Assert.DoesNotContain("first-key", _server.Stderr);
    }

    [Fact]
    public async Task An_invalid_value_keeps_the_last_good_one_and_warns_once()
    {
        await PushAsync("""{"maxTokens": 42}""");

        await PushAsync("""{"maxTokens": "many"}""");
        await PushAsync("""{"maxTokens": "many"}""");
        Assert.Equal(42, Settings.Current.MaxTokens);

        // A later warning has arrived, so a second one about maxTokens would have too.
        await PushAsync("""{"maxTokens": "many", "verify": "banana"}""");
        await _server.WaitForNotificationAsync("window/showMessage", n => ((string)n["params"]!["message"]!).Contains("codeassist.verify", StringComparison.Ordinal));
        Assert.Contains("keeping 42", Assert.Single(Messages("codeassist.maxTokens ")), StringComparison.Ordinal);
        Assert.Equal(42, Settings.Current.MaxTokens);
    }

    [Fact]
    public async Task A_client_that_cannot_be_asked_has_its_initializationOptions_read_when_initialized()
    {
        await _server.InitializeAsync(initializationOptions: new JsonObject { ["codeassist"] = new JsonObject { ["maxTokens"] = 42 } });

        await Polling.UntilAsync(() => Settings.Current.MaxTokens == 42 ? Settings.Current : null,
            TimeSpan.FromSeconds(30), () => $"maxTokens is {Settings.Current.MaxTokens}");
        Assert.Empty(_server.ServerRequests);
    }
}
