using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Inference;

/// <summary>
/// The tiny demo models, written once per machine into a shared temp folder (quantizing them takes a while), and the
/// host settings every inference test uses: one thread, a small context.
/// </summary>
public sealed class DemoModelFixture : IAsyncLifetime
{
    public static readonly ModelHostSettings Settings = new() { Threads = 1, ContextSize = 512, BatchSize = 128, Backend = LlamaBackend.Cpu };

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "codeassist-tests", "demo-models");

    public IReadOnlyList<DemoModel> Models { get; private set; } = [];

    public string PathOf(string architecture, string format) =>
        Models.Single(m => m.Architecture == architecture && m.Format == format).Path;

    public async Task InitializeAsync() => Models = await DemoModels.EnsureAsync(Directory);

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>Inference tests share the models and run one at a time: llama.cpp work on two shared cores.</summary>
[CollectionDefinition(Name)]
public sealed class LlamaCollection : ICollectionFixture<DemoModelFixture>
{
    public const string Name = "llama.cpp";
}
