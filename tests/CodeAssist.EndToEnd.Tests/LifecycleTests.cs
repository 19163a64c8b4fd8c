using System.Text.Json.Nodes;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Requests_before_initialize_get_ServerNotInitialized_and_the_server_then_initializes()
    {
        await using var client = new LspTestClient();
        var early = await client.RequestAsync("textDocument/completion", TextDocuments.At("file:///a.cs", 0, 0));
        Assert.Equal(-32002, (int)early["error"]!["code"]!);

        var result = (await client.InitializeAsync())["result"]!;
        Assert.Equal("codeassist", (string)result["serverInfo"]!["name"]!);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Initialize_advertises_exactly_the_implemented_capabilities()
    {
        await using var client = new LspTestClient();
        var capabilities = (await client.InitializeAsync())["result"]!["capabilities"]!.AsObject();

        Assert.Equal("utf-16", (string)capabilities["positionEncoding"]!);
        Assert.Equal(2, (int)capabilities["textDocumentSync"]!["change"]!);
        Assert.True((bool)capabilities["textDocumentSync"]!["openClose"]!);
        Assert.NotNull(capabilities["inlineCompletionProvider"]);
        Assert.NotNull(capabilities["completionProvider"]);
        Assert.True((bool)capabilities["codeActionProvider"]!["resolveProvider"]!);
        Assert.Equal(
            ["codeassist.accept", "codeassist.dismiss", "codeassist.exportTelemetry", "codeassist.formatReport", "codeassist.refactor", "codeassist.refactorApplied"],
            capabilities["executeCommandProvider"]!["commands"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Equal(
            ["codeActionProvider", "completionProvider", "executeCommandProvider", "inlineCompletionProvider", "positionEncoding", "textDocumentSync"],
            capabilities.Select(p => p.Key).Order().ToArray());
    }

    [Theory]
    [InlineData(new[] { "utf-8" }, "utf-8")]
    [InlineData(new[] { "utf-32", "utf-8" }, "utf-32")]
    [InlineData(new[] { "utf-8", "utf-16" }, "utf-16")]
    public async Task Position_encoding_is_negotiated_from_the_client_offer(string[] offered, string expected)
    {
        await using var client = new LspTestClient();
        var capabilities = new JsonObject { ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray(offered.Select(o => (JsonNode)o).ToArray()) } };
        var result = await client.InitializeAsync(capabilities);
        Assert.Equal(expected, (string)result["result"]!["capabilities"]!["positionEncoding"]!);
    }

    [Fact]
    public async Task A_second_initialize_is_refused()
    {
        await using var client = new LspTestClient();
        await client.InitializeAsync();
        var again = await client.RequestAsync("initialize", LspTestClient.InitializeParams());
        Assert.Equal(-32600, (int)again["error"]!["code"]!);
    }

    [Fact]
    public async Task Exit_without_shutdown_exits_with_code_1()
    {
        await using var client = new LspTestClient();
        await client.InitializeAsync();
        await client.NotifyAsync("exit", null);
        Assert.Equal(1, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task Requests_after_shutdown_are_refused_and_exit_then_returns_0()
    {
        await using var client = new LspTestClient();
        await client.InitializeAsync();
        Assert.Null((await client.RequestAsync("shutdown", null))["result"]);
        var late = await client.RequestAsync("textDocument/completion", TextDocuments.At("file:///a.cs", 0, 0));
        Assert.Equal(-32600, (int)late["error"]!["code"]!);
        await client.NotifyAsync("exit", null);
        Assert.Equal(0, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task Closing_stdin_without_shutdown_ends_the_server_with_code_1()
    {
        await using var client = new LspTestClient();
        await client.InitializeAsync();
        client.CloseInput();
        Assert.Equal(1, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task The_log_goes_to_the_data_directory_not_stdout()
    {
        await using var client = new LspTestClient();
        await client.InitializeAsync();
        Assert.Equal(0, await client.ShutdownAsync());
        var log = Directory.GetFiles(Path.Combine(client.DataDirectory, "logs"), "codeassist-*.log").Single();
        var text = await File.ReadAllTextAsync(log);
        Assert.Contains("Initialized by codeassist-tests", text);
        Assert.Contains("initialize ok in", text);
    }

    [Fact]
    public async Task SetTrace_verbose_sends_logTrace_for_each_request()
    {
        await using var client = new LspTestClient();
        await client.InitializeAsync();
        await client.NotifyAsync("$/setTrace", new JsonObject { ["value"] = "verbose" });
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open("file:///t.cs", "class T {}"));
        await client.RequestAsync("codeassist/documentState", TextDocuments.Identifier("file:///t.cs"));
        var trace = await client.WaitForNotificationAsync("$/logTrace", n => ((string?)n["params"]!["message"])!.StartsWith("codeassist/documentState ok"));
        Assert.NotNull(trace["params"]!["verbose"]);
    }

    [Fact]
    public async Task Settings_are_pulled_with_workspace_configuration_after_initialized_and_on_change()
    {
        await using var client = new LspTestClient();
        client.RespondToServer = (method, _) => method == "workspace/configuration"
            ? new JsonArray(new JsonObject { ["verify"] = "annotate" })
            : null;
        await client.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        var first = await client.WaitForServerRequestAsync("workspace/configuration");
        Assert.Equal("codeassist", (string)first["params"]!["items"]![0]!["section"]!);

        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });
        await client.WaitForServerRequestAsync("workspace/configuration", occurrence: 2);
        Assert.Equal(0, await client.ShutdownAsync());
        var log = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(client.DataDirectory, "logs")).Single());
        Assert.Contains("\"verify\":\"annotate\"", log);
    }
}
