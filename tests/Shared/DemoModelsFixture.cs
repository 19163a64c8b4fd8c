using System.Diagnostics;
using CodeAssist.Server.Models;

namespace CodeAssist.Tests.Shared;

/// <summary>Makes the demo models once per test run into a temporary directory shared by the tests of the collection.</summary>
public sealed class DemoModelsFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"codeassist-demo-{Guid.NewGuid():N}");

    public IReadOnlyList<DemoModel> Models { get; private set; } = [];

    public TimeSpan MakeTime { get; private set; }

    public DemoModel Get(string architecture, string format) =>
        Models.Single(m => m.Architecture == architecture && m.Format == format);

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        Models = await DemoModels.EnsureAsync(Directory);
        MakeTime = watch.Elapsed;
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DemoModelsCollection : ICollectionFixture<DemoModelsFixture>
{
    public const string Name = "demo models";
}
