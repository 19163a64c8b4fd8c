using System.Text.Json.Nodes;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Refactoring;

/// <summary>The refactoring service's refusals as the client sees them, through the handlers of the server in process.</summary>
public sealed class RefactorRequestTests : IAsyncLifetime
{
    private const string Uri = "file:///work/Stats.cs";
    private const string Untitled = "untitled:Untitled-1";
    private const string Source = "public class Stats\n{\n    public int Twice(int x) => x * 2;\n}\n";
    private readonly InProcessServer _server = InProcessServer.Start();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Source, version: 2));
        await _server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Untitled, Source, version: 2));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static JsonObject Data(string uri, int version) => new()
    {
        ["id"] = "r-1", ["uri"] = uri, ["version"] = version, ["kind"] = "simplify", ["target"] = "member", ["start"] = 24, ["length"] = 33,
    };

    private async Task<(int Code, string Message)> ResolveErrorAsync(JsonObject data)
    {
        var response = await _server.RequestAsync("codeAction/resolve", new JsonObject { ["title"] = "Simplify (CodeAssist)", ["data"] = data });
        return ((int)response["error"]!["code"]!, (string)response["error"]!["message"]!);
    }

    [Fact]
    public async Task A_refactoring_offered_for_another_version_is_ContentModified()
    {
        Assert.Equal((-32801, $"{Uri} changed since the refactoring was offered; ask again."), await ResolveErrorAsync(Data(Uri, 1)));
    }

    [Fact]
    public async Task A_refactoring_of_a_document_that_is_no_file_is_InvalidParams()
    {
        Assert.Equal((-32602, $"{Untitled} is not a file."), await ResolveErrorAsync(Data(Untitled, 2)));
    }

    [Fact]
    public async Task The_refactor_command_without_an_instruction_is_InvalidParams()
    {
        var response = await _server.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "codeassist.refactor",
            ["arguments"] = new JsonArray(Data(Uri, 2)),
        });

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
        Assert.Equal("codeassist.refactor needs an instruction as its second argument.", (string)response["error"]!["message"]!);
    }
}
