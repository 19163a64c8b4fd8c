namespace CodeAssist.Server.Configuration;

/// <summary>The system clock with every timer's delay multiplied by <paramref name="scale"/>: a process-level test's fast-forward.</summary>
public sealed class ScaledTimeProvider(double scale) : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span * scale;
}
