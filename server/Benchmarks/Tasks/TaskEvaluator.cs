namespace CodeAssist.Benchmarks.Tasks;

public enum TaskVerdict { Passed, Failed, CompileError, TimedOut }

/// <summary>
/// One task's result for one format. No timings in here on purpose: the same completion always gives the same outcome, so
/// two identical runs compare equal.
/// </summary>
public sealed record TaskOutcome(string Task, string Completion, TaskVerdict Verdict, int EqualsRewrites, IReadOnlyList<string> Errors, int? ExitCode)
{
    public bool Compiled => Verdict != TaskVerdict.CompileError;

    public bool Passed => Verdict == TaskVerdict.Passed;
}

/// <summary>Program = prompt + completion (cut at the first stop token) + tests; compiled in memory, then run in a child process.</summary>
public sealed class TaskEvaluator(RunLimits limits)
{
    private const int KeptErrors = 5;

    public RunLimits Limits => limits;

    public async Task<TaskOutcome> EvaluateAsync(MultiPLETask task, string completion, CancellationToken cancellationToken = default)
    {
        var cut = task.Cut(completion);
        var compiled = await Task.Run(() => ProgramCompiler.Compile(task.ProgramWith(cut), cancellationToken: cancellationToken), cancellationToken);
        if (!compiled.Succeeded)
            return new TaskOutcome(task.Name, cut, TaskVerdict.CompileError, compiled.EqualsRewrites, compiled.Errors.Take(KeptErrors).ToArray(), null);

        var run = await ProgramRunner.RunAsync(compiled.Assembly!, limits, cancellationToken);
        var verdict = run.Verdict switch
        {
            RunVerdict.Passed => TaskVerdict.Passed,
            RunVerdict.TimedOut => TaskVerdict.TimedOut,
            _ => TaskVerdict.Failed,
        };
        return new TaskOutcome(task.Name, cut, verdict, compiled.EqualsRewrites, [], run.ExitCode);
    }
}
