using CodeAssist.Server.Refactoring;

namespace CodeAssist.Server.Tests.Refactoring;

public sealed class RefactorUndoTrackerTests
{
    private readonly ManualClock _clock = new();
    private readonly RefactorUndoTracker _tracker;

    public RefactorUndoTrackerTests()
    {
        _tracker = new RefactorUndoTracker(_clock);
        _tracker.Resolved("r1", "file:///a.cs", "before");
    }

    [Fact]
    public void Returning_to_the_old_text_within_the_window_after_applying_is_an_undo()
    {
        Assert.True(_tracker.Applied("r1"));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(_tracker.DocumentChanged("file:///a.cs", "after"));
        Assert.Equal(["r1"], _tracker.DocumentChanged("file:///a.cs", "before"));
        Assert.Empty(_tracker.DocumentChanged("file:///a.cs", "before")); // reported once
    }

    [Fact]
    public void No_undo_without_applying_in_another_document_or_after_the_window()
    {
        Assert.Empty(_tracker.DocumentChanged("file:///a.cs", "before"));
        _tracker.Applied("r1");
        Assert.Empty(_tracker.DocumentChanged("file:///b.cs", "before"));
        _clock.Advance(RefactorUndoTracker.Window + TimeSpan.FromSeconds(1));
        Assert.Empty(_tracker.DocumentChanged("file:///a.cs", "before"));
        Assert.False(_tracker.Applied("unknown"));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
