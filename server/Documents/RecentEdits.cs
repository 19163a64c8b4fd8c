using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Documents;

/// <summary>Remembers where the user last edited each open file, most recent first, to show the model what they are working on.</summary>
public sealed class RecentEdits(int capacity = 16)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Edit> _edits = new();

    /// <summary>Call after each change to an open document with its new text and the (zero-based) line the change touched.</summary>
    public void Record(string path, string text, int line)
    {
        lock (_gate)
        {
            Remove(path);
            _edits.AddFirst(new Edit(path, text, line));
            if (_edits.Count > capacity)
                _edits.RemoveLast();
        }
    }

    public void Forget(string path)
    {
        lock (_gate)
            Remove(path);
    }

    /// <summary>Lines around the last edit of each other file, most recent first, as many as fit in <paramref name="budget"/> tokens.</summary>
    public IReadOnlyList<ContextFile> Chunks(string currentPath, int budget, Func<string, int> countTokens, int linesAround = 8)
    {
        List<Edit> edits;
        lock (_gate)
            edits = [.. _edits.Where(edit => edit.Path != currentPath)];
        var chunks = new List<ContextFile>();
        foreach (var edit in edits)
        {
            var lines = edit.Text.Split('\n');
            var first = Math.Clamp(edit.Line - linesAround, 0, lines.Length - 1);
            var last = Math.Clamp(edit.Line + linesAround, 0, lines.Length - 1);
            var chunk = string.Join('\n', lines[first..(last + 1)]);
            var tokens = countTokens(chunk);
            if (tokens > budget)
                continue;
            budget -= tokens;
            chunks.Add(new ContextFile(edit.Path, chunk));
        }
        return chunks;
    }

    private void Remove(string path)
    {
        for (var node = _edits.First; node is not null; node = node.Next)
        {
            if (node.Value.Path == path)
            {
                _edits.Remove(node);
                return;
            }
        }
    }

    private sealed record Edit(string Path, string Text, int Line);
}
