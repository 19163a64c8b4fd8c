using System.Text.Json.Nodes;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Configuration;

/// <summary>
/// Settings changes become model loads: a change while a load waits supersedes it, a change that leaves the model alone
/// loads nothing, a model that cannot load is one error message, and a disposed activator loads nothing more.
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class ModelActivatorTests(DemoModelsFixture models) : IAsyncLifetime
{
    private readonly InProcessServer _server = InProcessServer.Start();

    private ModelActivator Activator => _server.Get<ModelActivator>();

    public async Task InitializeAsync() =>
        // Progress capability: each load is a $/progress with its own begin and end.
        await _server.InitializeAsync(new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private CodeAssistSettings Demo(string format, int maxTokens = 128) => CodeAssistSettings.Default with
    {
        Models = new Dictionary<string, string> { [format] = models.Get("qwen3moe", format).Path },
        QuantFormat = format,
        Backend = BackendChoice.Cpu, // llama.cpp's backend is chosen once per process: the one every test here uses (TestHost)
        Threads = 1,
        ContextSize = 512,
        MaxTokens = maxTokens,
    };

    private void Apply(CodeAssistSettings settings) => _server.Get<SettingsService>().Apply(settings);

    /// <summary>The end message of the load progress whose title names <paramref name="format"/>.</summary>
    private async Task<string?> ProgressEndAsync(string format)
    {
        var begin = await _server.WaitForNotificationAsync("$/progress", n => (string?)n["params"]!["value"]!["title"] == $"CodeAssist: loading {format}");
        var token = (string)begin["params"]!["token"]!;
        var end = await _server.WaitForNotificationAsync("$/progress", n => (string?)n["params"]!["token"] == token && (string?)n["params"]!["value"]!["kind"] == "end");
        return (string?)end["params"]!["value"]!["message"];
    }

    private List<string> Errors() =>
        [.. _server.Notifications.Where(n => (string?)n["method"] == "window/showMessage" && (int)n["params"]!["type"]! == 1)
            .Select(n => (string)n["params"]!["message"]!)];

    [Fact]
    public async Task A_load_still_waiting_when_the_format_changes_again_is_cancelled_and_the_last_choice_loads()
    {
        Apply(Demo("Q8_0"));
        Apply(Demo("Q6_K")); // waits for the Q8_0 load
        Apply(Demo("Q4_K_M"));

        var status = await Activator.Current;

        Assert.Equal((ModelState.Ready, "Q4_K_M"), (status.State, status.Label));
        Assert.Equal("Superseded by a newer format choice", await ProgressEndAsync("Q6_K"));
        Assert.StartsWith("Model 'Q4_K_M' is ready", await ProgressEndAsync("Q4_K_M"), StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Notifications, n => (string?)n["method"] == "codeassist/status" && (string?)n["params"]!["format"] == "Q6_K");
    }

    [Fact]
    public async Task A_settings_change_that_leaves_the_model_alone_does_not_reload_it()
    {
        Apply(Demo("Q8_0"));
        var loaded = Activator.Current;
        await loaded;

        Apply(Demo("Q8_0", maxTokens: 16));

        Assert.Same(loaded, Activator.Current);
        Assert.Single(_server.Notifications, n => (string?)n["method"] == "$/progress" && (string?)n["params"]!["value"]!["kind"] == "begin");
    }

    [Theory]
    [InlineData("Q8_0", "/nonexistent/model-Q8_0.gguf")] // a path with no file
    [InlineData("Q6_K", "format 'Q6_K' has no GGUF path")] // a label with no path
    public async Task A_model_that_cannot_load_is_one_error_message_and_the_same_settings_again_are_not_another(string quantFormat, string named)
    {
        var invalid = CodeAssistSettings.Default with { Models = new() { ["Q8_0"] = "/nonexistent/model-Q8_0.gguf" }, QuantFormat = quantFormat };
        Apply(invalid);
        var status = await Activator.Current;
        Apply(invalid with { MaxTokens = 16 });
        await Activator.Current;

        Assert.Equal(ModelState.Failed, status.State);
        await _server.WaitForNotificationAsync("window/showMessage", n => (int)n["params"]!["type"]! == 1);
        Assert.Contains(named, Assert.Single(Errors()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_abandons_a_load_still_waiting_and_later_changes_load_nothing()
    {
        Apply(Demo("Q8_0"));
        Apply(Demo("Q6_K")); // waits for the Q8_0 load
        var waiting = Activator.Current;

        Activator.Dispose();
        Apply(Demo("Q4_K_M"));

        Assert.Same(waiting, Activator.Current);
        Assert.NotEqual("Q6_K", (await waiting).Label);
        Assert.Equal("Superseded by a newer format choice", await ProgressEndAsync("Q6_K"));
        Activator.Dispose(); // the server disposes it again at exit
    }
}
