using System.CommandLine;
using CodeAssist.Benchmarks;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>Where a bench verb runs the model: in process, or in the llama-server router that --backend or --server-url names.</summary>
public sealed class BenchBackendChoiceTests
{
    private static string? ServerUrl(params string[] arguments)
    {
        var cli = new BenchCli();
        var serverUrl = new Option<string?>("--server-url");
        var command = cli.AddTo(new Command("verb"), storesResults: false);
        command.Options.Add(serverUrl);
        return cli.ServerUrl(command.Parse(arguments), serverUrl);
    }

    [Fact]
    public void The_default_and_native_backends_run_in_process()
    {
        Assert.Null(ServerUrl());
        Assert.Null(ServerUrl("--backend", "cpu"));
    }

    [Fact]
    public void Backend_llama_server_uses_the_settings_default_address_unless_a_url_is_given()
    {
        Assert.Equal("http://127.0.0.1:8080", ServerUrl("--backend", "llama-server"));
        Assert.Equal("http://gpu-host:8080/", ServerUrl("--backend", "llama-server", "--server-url", "http://gpu-host:8080/"));
        Assert.Equal("http://gpu-host:8080/", ServerUrl("--server-url", "http://gpu-host:8080/"));
    }
}
