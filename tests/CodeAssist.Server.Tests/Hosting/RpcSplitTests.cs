using System.Text.Json.Nodes;
using CodeAssist.Server.Inference.LlamaServer;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// Past one machine, with llama.cpp's own distribution: two <c>ggml-rpc-server</c> processes on loopback stand for two
/// hosts, one llama-server router is started with <c>--rpc</c> and splits the trained model's layers across them, and a
/// completion makes the round trip through CodeAssist's llama-server backend.
/// </summary>
public sealed class RpcSplitTests(ITestOutputHelper output)
{
    private const string Model = "codeassist-cs-F16";
    private const string Uri = "file:///work/Calculator.cs";
    private const string Text = "using System;\n\npublic class Calculator\n{\n    public int Add(int a, int b)\n    {\n        return \n    }\n}\n";

    [Fact]
    public async Task A_completion_goes_through_a_llama_server_whose_layers_live_on_two_rpc_servers()
    {
        var bin = await LlamaServerFixture.BuildAsync();
        using var models = new TempDirectory("rpc");
        File.Copy(Path.Combine(RepositoryRoot.Path, "server", "Models", "Trained", Model + ".gguf"), models.File(Model + ".gguf"));
        var rpcPorts = new[] { LlamaServerFixture.FreePort(), LlamaServerFixture.FreePort() };
        await using var first = ToolProcess.Start(Path.Combine(bin, "ggml-rpc-server"), "-H", "127.0.0.1", "-p", rpcPorts[0].ToString());
        await using var second = ToolProcess.Start(Path.Combine(bin, "ggml-rpc-server"), "-H", "127.0.0.1", "-p", rpcPorts[1].ToString());
        // the router connects to both at start, and gives up on one that does not listen yet
        await first.WaitForListeningAsync(rpcPorts[0]);
        await second.WaitForListeningAsync(rpcPorts[1]);
        var port = LlamaServerFixture.FreePort();
        await using var router = ToolProcess.Start(Path.Combine(bin, "llama-server"),
            "--models-dir", models.Path, "--host", "127.0.0.1", "--port", port.ToString(), "--no-webui", "-c", "1024", "-t", "1", "-np", "1",
            "--rpc", string.Join(',', rpcPorts.Select(p => $"127.0.0.1:{p}")), "-ngl", "99",
            "-lv", "4"); // the model instance names the devices it places layers on only at this verbosity
        await router.WaitForListeningAsync(port);

        await using var server = InProcessServer.Start();
        server.Settings = new JsonObject
        {
            ["backend"] = "llama-server",
            ["serverUrl"] = $"http://127.0.0.1:{port}/",
            ["models"] = new JsonObject { ["F16"] = Model },
            ["quantFormat"] = "F16",
            ["verify"] = "off",
            ["completionTimeoutMs"] = 30_000,
        };
        await server.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Text));
        await server.WaitForStatusAsync("ready", "F16", TimeSpan.FromMinutes(2));

        await server.RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri },
            ["position"] = TextDocuments.Position(6, 15),
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        }, TimeSpan.FromMinutes(1));

        var shown = await Polling.UntilAsync(async () =>
            (await server.ExportedEventsAsync()).FirstOrDefault(e => (string?)e["kind"] == "suggestion_shown"),
            TimeSpan.FromSeconds(30), () => $"no suggestion shown. Server log:\n{server.Stderr}\nllama-server:\n{router.Output}");
        output.WriteLine($"shown: {shown.ToJsonString()}");
        Assert.Equal(LlamaServerBackend.BackendName, (string?)shown["backend"]);
        Assert.True((int?)shown["evaluated_prompt_tokens"] > 0);
        // The model instance placed its layers on both RPC devices, and each rpc-server was used.
        Assert.Contains($"using device RPC0 (127.0.0.1:{rpcPorts[0]})", router.Output, StringComparison.Ordinal);
        Assert.Contains($"using device RPC1 (127.0.0.1:{rpcPorts[1]})", router.Output, StringComparison.Ordinal);
        Assert.Contains("Accepted client connection", first.Output, StringComparison.Ordinal);
        Assert.Contains("Accepted client connection", second.Output, StringComparison.Ordinal);
    }
}
