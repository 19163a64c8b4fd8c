using CodeAssist.Benchmarks.Tasks;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>The shared MultiPL-E MBPP C# dataset (../shared/datasets next to the repository; never copied into it).</summary>
internal static class Mbpp
{
    public static string RepositoryRoot => CodeAssist.Tests.Shared.RepositoryRoot.Path;

    public static string DatasetPath { get; } = Path.Combine(RepositoryRoot, "..", "shared", "datasets", "mbpp-cs-reworded.jsonl");

    private static readonly Lazy<IReadOnlyList<MultiPLETask>> Tasks = new(() => MultiPLEDataset.Load(DatasetPath));

    public static MultiPLETask Task(string name) => Tasks.Value.Single(t => t.Name == name);
}
