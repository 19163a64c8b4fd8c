using System.Net;
using System.Net.Sockets;
using System.Text;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Inference.LlamaServer;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Inference;

[Collection(LlamaServerCollection.Name)]
public sealed class LlamaServerClientTests(LlamaServerFixture server)
{
    private static readonly FimRequest Request = new(
        "using System;\n\npublic static class Program\n{\n    public static int Add(int a, int b)\n    {\n        return ",
        "\n    }\n}\n",
        ExtraFiles: [new ContextFile("Util.cs", "static class Util { public static int Twice(int x) => 2 * x; }")]);

    private static readonly GenerationOptions Fixed = new() { MaxTokens = 16, StopAtEndOfGeneration = false };

    [Fact]
    public async Task Infill_streams_the_completion_with_the_servers_own_timings()
    {
        var pieces = new List<string>();
        var result = await server.Client().InfillAsync(server.ModelA, Request, Fixed, pieces.Add, CancellationToken.None);

        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal(16, result.Timings.GeneratedTokens);
        Assert.Equal(string.Concat(pieces), result.Text);
        Assert.True(result.PromptTokens > 20, $"prompt tokens {result.PromptTokens}");
        Assert.True(result.Timings.FirstTokenLatency > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_repeated_prompt_is_served_from_the_servers_cache_and_decodes_greedily()
    {
        var client = server.Client();
        var first = await client.InfillAsync(server.ModelA, Request, Fixed, null, CancellationToken.None);
        var second = await client.InfillAsync(server.ModelA, Request, Fixed, null, CancellationToken.None);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(CacheReuse.Prefix, second.CacheReuse);
        Assert.True(second.ReusedPromptTokens >= second.PromptTokens - 1, $"{second.ReusedPromptTokens} of {second.PromptTokens} reused");
    }

    [Fact]
    public async Task A_complete_suggestion_closes_the_stream_early()
    {
        var options = Fixed with { MaxTokens = 64, IsComplete = text => text.Length > 0 };
        var result = await server.Client().InfillAsync(server.ModelA, Request, options, null, CancellationToken.None);

        Assert.Equal(StopReason.Complete, result.StopReason);
        Assert.True(result.Timings.GeneratedTokens < 64, $"{result.Timings.GeneratedTokens} tokens generated");
    }

    [Fact]
    public async Task The_router_lists_both_formats_and_serves_either_by_name()
    {
        var client = server.Client();
        await client.InfillAsync(server.ModelB, Request, Fixed with { MaxTokens = 2 }, null, CancellationToken.None);
        var models = await client.ListModelsAsync(CancellationToken.None);

        Assert.Contains(models, m => m.Id == server.ModelA);
        Assert.Contains(models, m => m.Id == server.ModelB && m.Status == "loaded");
        var info = await client.GetModelInfoAsync(server.ModelB, CancellationToken.None);
        Assert.EndsWith(server.ModelB + ".gguf", info.Path);
        Assert.Equal(1024, info.ContextSize);
        Assert.True(info.SizeBytes > 0);
    }

    [Fact]
    public async Task The_server_counts_tokens_with_the_models_own_vocabulary()
    {
        var client = server.Client();
        var one = await client.CountTokensAsync(server.Trained, "return a + b;", CancellationToken.None);
        var two = await client.CountTokensAsync(server.Trained, "return a + b;\nreturn a + b;", CancellationToken.None);

        Assert.InRange(one, 1, "return a + b;".Length);
        Assert.InRange(two, 2 * one, 2 * one + 1); // the newline is at most one token more
    }

    [Fact]
    public async Task An_unknown_model_name_says_so()
    {
        var e = await Assert.ThrowsAsync<LlamaServerException>(() =>
            server.Client().InfillAsync("no-such-format", Request, Fixed, null, CancellationToken.None));
        Assert.Equal(LlamaServerFailure.UnknownModel, e.Failure);
        Assert.Contains("no-such-format", e.Message);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_without_echoing_it()
    {
        var e = await Assert.ThrowsAsync<LlamaServerException>(() =>
            server.Client("wrong-key-8d2e").InfillAsync(server.ModelA, Request, Fixed, null, CancellationToken.None));
        Assert.Equal(LlamaServerFailure.Unauthorized, e.Failure);
        Assert.Contains("codeassist.serverApiKey", e.Message);
        Assert.DoesNotContain("wrong-key-8d2e", e.Message);
    }

    [Fact]
    public async Task A_server_that_is_down_is_unreachable()
    {
        var client = LlamaServerClient.Create(new LlamaServerEndpoint(new Uri($"http://127.0.0.1:{LlamaServerFixture.FreePort()}/")));
        var e = await Assert.ThrowsAsync<LlamaServerException>(() => client.ListModelsAsync(CancellationToken.None));
        Assert.Equal(LlamaServerFailure.Unreachable, e.Failure);
        Assert.Contains("codeassist.serverUrl", e.Message);
    }

    [Fact]
    public async Task A_server_slower_than_the_budget_times_out()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var client = LlamaServerClient.Create(new LlamaServerEndpoint(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/")));
        var options = Fixed with { WallTimeBudget = TimeSpan.FromMilliseconds(300) };

        var e = await Assert.ThrowsAsync<LlamaServerException>(() => client.InfillAsync("m", Request, options, null, CancellationToken.None));
        Assert.Equal(LlamaServerFailure.Timeout, e.Failure);
        Assert.Contains("completionTimeoutMs", e.Message);
    }

    [Fact]
    public async Task A_5xx_answer_is_a_server_error_with_its_message()
    {
        using var failing = new TcpListener(IPAddress.Loopback, 0);
        failing.Start();
        const string body = """{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}""";
        var answer = AnswerOnceAsync(failing, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        var client = LlamaServerClient.Create(new LlamaServerEndpoint(new Uri($"http://127.0.0.1:{((IPEndPoint)failing.LocalEndpoint).Port}/")));

        var e = await Assert.ThrowsAsync<LlamaServerException>(() => client.InfillAsync("m", Request, Fixed, null, CancellationToken.None));
        await answer;
        Assert.Equal(LlamaServerFailure.ServerError, e.Failure);
        Assert.Contains("Loading model", e.Message);
    }

    private static async Task AnswerOnceAsync(TcpListener listener, string response)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n"))
            request.Append(Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer)));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }
}
