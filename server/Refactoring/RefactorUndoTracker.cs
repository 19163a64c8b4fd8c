namespace CodeAssist.Server.Refactoring;

/// <summary>
/// Notices a refactoring taken back: once its edit is applied, a document text equal to the text before it, within
/// <see cref="Window"/>, counts as undone (the user pressed undo or reverted by hand).
/// </summary>
public sealed class RefactorUndoTracker(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Remembers a resolved refactoring until it is applied (or forgotten after the window).</summary>
    public void Resolved(string refactorId, string uri, string textBefore)
    {
        lock (_gate)
        {
            Expire();
            _entries[refactorId] = new Entry(uri, textBefore, time.GetUtcNow(), Applied: null);
        }
    }

    /// <summary>The edit was applied (the client ran <see cref="RefactorCommands.Applied"/>); false for an unknown id.</summary>
    public bool Applied(string refactorId)
    {
        lock (_gate)
        {
            Expire();
            if (!_entries.TryGetValue(refactorId, out var entry))
                return false;
            _entries[refactorId] = entry with { Applied = time.GetUtcNow() };
            return true;
        }
    }

    /// <summary>Call after each didChange with the document's new text; returns the ids of the refactorings it undid.</summary>
    public IReadOnlyList<string> DocumentChanged(string uri, string text)
    {
        lock (_gate)
        {
            Expire();
            var undone = _entries
                .Where(e => e.Value.Applied is not null && e.Value.Uri == uri && e.Value.TextBefore == text)
                .Select(e => e.Key)
                .ToList();
            foreach (var id in undone)
                _entries.Remove(id);
            return undone;
        }
    }

    private void Expire()
    {
        var now = time.GetUtcNow();
        foreach (var (id, entry) in _entries.ToList())
        {
            if (now - (entry.Applied ?? entry.Resolved) > Window)
                _entries.Remove(id);
        }
    }

    private sealed record Entry(string Uri, string TextBefore, DateTimeOffset Resolved, DateTimeOffset? Applied);
}
