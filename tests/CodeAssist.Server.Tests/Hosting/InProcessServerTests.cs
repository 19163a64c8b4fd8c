using System.Text.Json.Nodes;

namespace CodeAssist.Server.Tests.Hosting;

public sealed class InProcessServerTests
{
    [Fact]
    public async Task The_server_in_process_initializes_answers_and_exits_cleanly()
    {
        await using var server = InProcessServer.Start();
        var initialize = await server.InitializeAsync();
        Assert.Equal("codeassist", (string?)initialize["result"]!["serverInfo"]!["name"]);

        var unknown = await server.RequestAsync("codeassist/noSuchMethod", new JsonObject());
        Assert.Equal(-32601, (int)unknown["error"]!["code"]!);

        Assert.Equal(0, await server.ShutdownAsync());
        Assert.Contains("serving LSP", server.Stderr);
    }

    [Fact]
    public async Task Two_servers_in_one_process_keep_their_own_data_directories()
    {
        await using var first = InProcessServer.Start();
        await using var second = InProcessServer.Start();
        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());

        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        await Task.WhenAll(first.ShutdownAsync(), second.ShutdownAsync());
        Assert.Single(Directory.GetFiles(first.Options.LogDirectory));
        Assert.Single(Directory.GetFiles(second.Options.LogDirectory));
    }
}
