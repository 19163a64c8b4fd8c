using CodeAssist.Benchmarks.Tasks;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>The shared MultiPL-E MBPP C# dataset (../shared/datasets beside the checkout, read in place; never copied into it).</summary>
internal static class Mbpp
{
    public static string RepositoryRoot => CodeAssist.Tests.Shared.RepositoryRoot.Path;

    public static string DatasetPath { get; } = Path.Combine(CodeAssist.Tests.Shared.RepositoryRoot.Shared, "datasets", "mbpp-cs-reworded.jsonl");

    private static readonly Lazy<IReadOnlyList<MultiPLETask>> Tasks = new(() => MultiPLEDataset.Load(DatasetPath));

    public static MultiPLETask Task(string name) => Tasks.Value.Single(t => t.Name == name);
}
