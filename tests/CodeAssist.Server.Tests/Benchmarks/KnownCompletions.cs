using CodeAssist.Benchmarks;
using CodeAssist.Benchmarks.Tasks;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Benchmarks;

/// <summary>The harness's test seam: completions written by hand instead of generated, counting what it was asked for.</summary>
internal sealed class KnownCompletions(IReadOnlyDictionary<string, string> answers) : ITaskCompleterFactory, ITaskCompleter
{
    public int Completed { get; private set; }

    public string Config => "known";

    public Task<ITaskCompleter> OpenAsync(BenchModel model, CancellationToken cancellationToken) => Task.FromResult<ITaskCompleter>(this);

    public Task<string> CompleteAsync(MultiPLETask task, CancellationToken cancellationToken)
    {
        Completed++;
        return Task.FromResult(answers[task.Name]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A model identity for results made without a model file.</summary>
    public static BenchModel Model(string label, string sha256) =>
        new(label, "/nonexistent.gguf", new ModelFingerprint("llama", true, 7, "MOSTLY_Q8_0", 0, 0, [], [], sha256), IsDemo: false);
}
