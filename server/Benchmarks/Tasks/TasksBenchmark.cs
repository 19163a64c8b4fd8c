namespace CodeAssist.Benchmarks.Tasks;

/// <summary>Every task's outcome for one format; <paramref name="Computed"/> of them were evaluated now, the rest came from the store.</summary>
public sealed record FormatTaskResults(BenchModel Model, IReadOnlyList<TaskOutcome> Outcomes, int Computed);

/// <summary>
/// Runs each task for each model: stored outcomes are reused, the rest are completed, compiled and run, and stored one by
/// one, so an interrupted run resumes at the next task.
/// </summary>
public sealed class TasksBenchmark(ITaskCompleterFactory completers, TaskEvaluator evaluator, BenchResultStore store)
{
    public const string Name = "tasks";

    public async Task<IReadOnlyList<FormatTaskResults>> RunAsync(
        IReadOnlyList<BenchModel> models, IReadOnlyList<MultiPLETask> tasks, IProgress<BenchStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var config = $"{completers.Config};timeout={evaluator.Limits.Timeout.TotalSeconds}s;memory={evaluator.Limits.MemoryBytes}";
        var total = models.Count * tasks.Count;
        var done = 0;
        var results = new List<FormatTaskResults>();
        foreach (var model in models)
        {
            var key = BenchKey.For(Name, model, config);
            var outcomes = new List<TaskOutcome>();
            ITaskCompleter? completer = null;
            var computed = 0;
            try
            {
                foreach (var task in tasks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new BenchStep($"{model.Label} {task.Name}", done, total));
                    if (!store.TryGet(key, task.Key, out TaskOutcome outcome))
                    {
                        completer ??= await completers.OpenAsync(model, cancellationToken);
                        var completion = await completer.CompleteAsync(task, cancellationToken);
                        outcome = await evaluator.EvaluateAsync(task, completion, cancellationToken);
                        store.Put(key, task.Key, outcome);
                        computed++;
                    }
                    outcomes.Add(outcome);
                    done++;
                }
            }
            finally
            {
                if (completer is not null)
                    await completer.DisposeAsync();
            }
            results.Add(new FormatTaskResults(model, outcomes, computed));
        }
        progress?.Report(new BenchStep("done", total, total));
        return results;
    }
}
