using System.Diagnostics;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Snapshots of a recurrent or hybrid model's recurrent state (qwen3next) at positions of the cached tokens. Such a memory
/// cannot drop a tail, its state being a running summary rather than one entry per token, so without snapshots any change
/// to the prompt re-evaluates all of it. A snapshot restored at position p, with the attention KV cut at p, is the state
/// after the first p tokens. They are taken every <see cref="Interval"/> tokens and at the prompt's stable positions (end
/// of the repository context, start of the cursor's line). Past the memory cap the least recently used go first, but not
/// those at the current prompt's stable positions: the repository-context one is taken first and would otherwise be the
/// first to go, though it is the one that saves the repository context when the prefix window slides.
/// Every snapshot lies within the cached tokens: cutting the cache drops those after the cut.
/// </summary>
internal sealed class StateCheckpoints(SafeLLamaContextHandle context, long capacityBytes)
{
    /// <summary>Tokens between snapshots: ~7 per default prompt, each prompt chunk is still large enough to run fast.</summary>
    public const int Interval = 256;

    private readonly List<Checkpoint> _checkpoints = []; // ascending positions
    private long _uses;

    public long Bytes { get; private set; }

    public int Count => _checkpoints.Count;

    /// <summary>Where the prompt chunk that starts at <paramref name="start"/> ends: at <paramref name="limit"/> or the first snapshot position before it.</summary>
    public static int ChunkEnd(int start, int limit, IReadOnlyList<int> stablePositions)
    {
        var end = Math.Min(limit, (start / Interval + 1) * Interval);
        foreach (var position in stablePositions)
            if (position > start && position < end)
                end = position;
        return end;
    }

    public static bool IsDue(int position, IReadOnlyList<int> stablePositions) =>
        position % Interval == 0 || stablePositions.Contains(position);

    /// <summary>
    /// Snapshots the state after <paramref name="position"/> tokens, making room by the rule above; returns the time it
    /// took, null when none was kept.
    /// </summary>
    public TimeSpan? Save(int position, IReadOnlyList<int> stablePositions)
    {
        var clock = Stopwatch.StartNew();
        if (capacityBytes <= 0 || _checkpoints.Any(c => c.Position == position) || RecurrentState.Save(context) is not { } state
            || state.Length > capacityBytes)
            return null;
        while (Bytes + state.Length > capacityBytes)
        {
            var victim = _checkpoints.Where(c => !stablePositions.Contains(c.Position)).MinBy(c => c.LastUse);
            if (victim is null && !stablePositions.Contains(position))
                return null; // only stable ones are held: they are worth more than this one
            Remove(victim ?? _checkpoints.MinBy(c => c.LastUse)!);
        }
        var index = _checkpoints.FindIndex(c => c.Position > position);
        _checkpoints.Insert(index < 0 ? _checkpoints.Count : index, new Checkpoint(position, state) { LastUse = ++_uses });
        Bytes += state.Length;
        return clock.Elapsed;
    }

    /// <summary>
    /// Restores the newest snapshot at or before <paramref name="limit"/> and cuts the attention KV after it. Returns its
    /// position and the time taken, or null when none applies or llama.cpp refused it (then the caller clears the cache).
    /// </summary>
    public (int Position, TimeSpan Elapsed)? Restore(int limit)
    {
        var clock = Stopwatch.StartNew();
        var checkpoint = _checkpoints.LastOrDefault(c => c.Position <= limit);
        if (checkpoint is null || !RecurrentState.Restore(context, checkpoint.State) || !KvMemory.TryRemoveTail(context, checkpoint.Position))
            return null;
        checkpoint.LastUse = ++_uses;
        DropAfter(checkpoint.Position);
        return (checkpoint.Position, clock.Elapsed);
    }

    /// <summary>Forgets the snapshots past <paramref name="position"/>: the tokens they summarise are leaving the cache.</summary>
    public void DropAfter(int position)
    {
        foreach (var checkpoint in _checkpoints.Where(c => c.Position > position).ToList())
            Remove(checkpoint);
    }

    public void Clear()
    {
        _checkpoints.Clear();
        Bytes = 0;
    }

    private void Remove(Checkpoint checkpoint)
    {
        _checkpoints.Remove(checkpoint);
        Bytes -= checkpoint.State.Length;
    }

    private sealed record Checkpoint(int Position, byte[] State)
    {
        public long LastUse { get; set; }
    }
}
