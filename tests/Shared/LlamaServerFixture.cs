using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CodeAssist.Server.Inference.LlamaServer;
using CodeAssist.Server.Models;

namespace CodeAssist.Tests.Shared;

/// <summary>
/// A real llama-server (llama.cpp's own, built by tests/llama-server/build.sh and cached) in router mode on a loopback port,
/// serving two demo models and the trained C# model from a models directory and requiring an API key, as a team's shared
/// server would.
/// </summary>
public sealed class LlamaServerFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-3f1c";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"codeassist-llama-server-{Guid.NewGuid():N}");
    private ToolProcess? _server;

    /// <summary>The router's names of the two models: their file names without .gguf.</summary>
    public string ModelA => "demo-qwen3moe-Q8_0";

    public string ModelB => "demo-qwen3moe-MXFP4_MOE";

    /// <summary>The trained model (server/Models/Trained): its completions are C#, so they survive post-processing.</summary>
    public string Trained => "codeassist-cs-F16";

    public Uri Url { get; private set; } = null!;

    /// <summary>The router's --models-dir: each model's file is its name plus .gguf.</summary>
    public string ModelsDirectory => Path.Combine(_directory, "models");

    public string BinDirectory { get; private set; } = null!;

    public LlamaServerClient Client(string? apiKey = ApiKey) => LlamaServerClient.Create(new LlamaServerEndpoint(Url, apiKey));

    public async Task InitializeAsync()
    {
        BinDirectory = await BuildAsync();
        var models = ModelsDirectory;
        Directory.CreateDirectory(models);
        var made = await DemoModels.EnsureAsync(Path.Combine(_directory, "made"));
        foreach (var name in new[] { ModelA, ModelB })
            File.Copy(made.Single(m => Path.GetFileNameWithoutExtension(m.Path) == name).Path, Path.Combine(models, name + ".gguf"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "server", "Models", "Trained", Trained + ".gguf"), Path.Combine(models, Trained + ".gguf"));

        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _server = ToolProcess.Start(Path.Combine(BinDirectory, "llama-server"), "--models-dir", models, "--host", "127.0.0.1", "--port", port.ToString(),
            "--api-key", ApiKey, "-c", "1024", "-t", "1", "-np", "1", "--no-webui", "--models-max", "3");
        await _server.WaitForListeningAsync(port);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A loopback port that nothing listens on (for the server-down case).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder of llama.cpp's own tools, built by tests/llama-server/build.sh on first use and cached.</summary>
    public static async Task<string> BuildAsync()
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "llama-server", "build.sh");
        using var build = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
            throw new InvalidOperationException($"tests/llama-server/build.sh failed ({build.ExitCode}): {await stderr}");
        return (await stdout).TrimEnd().Split('\n')[^1];
    }
}

[CollectionDefinition(Name)]
public sealed class LlamaServerCollection : ICollectionFixture<LlamaServerFixture>
{
    public const string Name = "llama-server";
}
