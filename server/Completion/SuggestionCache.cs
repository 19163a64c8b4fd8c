using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Completion;

public sealed record CachedSuggestion(string Text, SuggestionVerdict Verdict, IReadOnlyList<string> NewDiagnosticIds);

/// <summary>
/// Recent suggestions keyed by (loaded model, prefix, suffix): the same text around the cursor with the same loaded
/// format gets the same answer without running the model (e.g. after undo, or a request repeated by the editor); another
/// format, or the same file loaded again, never gets it.
/// </summary>
public sealed class SuggestionCache(int capacity = 256)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<(Key Key, CachedSuggestion Value)> _order = new();
    private readonly Dictionary<Key, LinkedListNode<(Key Key, CachedSuggestion Value)>> _entries = [];

    public bool TryGet(string format, string prefix, string suffix, out CachedSuggestion suggestion)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(new Key(format, prefix, suffix), out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                suggestion = node.Value.Value;
                return true;
            }
        }
        suggestion = null!;
        return false;
    }

    public void Set(string format, string prefix, string suffix, CachedSuggestion suggestion)
    {
        var key = new Key(format, prefix, suffix);
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing))
                _order.Remove(existing);
            _entries[key] = _order.AddFirst((key, suggestion));
            if (_entries.Count > capacity)
            {
                _entries.Remove(_order.Last!.Value.Key);
                _order.RemoveLast();
            }
        }
    }

    /// <summary>Prefix and suffix are compared in full; records hash them once.</summary>
    private sealed record Key(string Format, string Prefix, string Suffix);
}
