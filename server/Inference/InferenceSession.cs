using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// The single long-lived context of a loaded model. Requests run one at a time (a queue on a semaphore); the tokens in the
/// KV cache are remembered so the next prompt evaluates only what differs from the previous one. A model with recurrent
/// layers (qwen3next) cannot drop a tail of that cache, so it keeps <see cref="StateCheckpoints"/> to go back to instead.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates its wait handle, so there is nothing to dispose; the session ends with its model.")]
public sealed class InferenceSession
{
    private static readonly LLamaSeqId Sequence = (LLamaSeqId)0;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly Func<LLamaToken, bool> _isEndOfGeneration;
    private readonly IReadOnlySet<LLamaToken> _markerTokens;
    private readonly int _batchSize;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<LLamaToken> _cached = [];
    private readonly StateCheckpoints? _checkpoints;
    private TokenPieces? _pieces;
    private bool _closed;

    internal InferenceSession(LLamaWeights weights, LLamaContext context, Func<LLamaToken, bool> isEndOfGeneration, IReadOnlySet<LLamaToken> markerTokens,
        long checkpointCapacityBytes = 0)
    {
        _weights = weights;
        _context = context;
        _isEndOfGeneration = isEndOfGeneration;
        _markerTokens = markerTokens;
        _batchSize = (int)context.BatchSize;
        if (RecurrentState.CanCheckpoint(weights.NativeHandle))
            _checkpoints = new StateCheckpoints(context.NativeHandle, checkpointCapacityBytes);
    }

    /// <summary>True when the model's memory is recurrent or hybrid and prompt reuse goes through state checkpoints.</summary>
    public bool UsesCheckpoints => _checkpoints is not null;

    public int ContextSize => (int)_context.ContextSize;

    /// <summary>Tokens currently held in the KV cache (prompt plus decoded completion of the last request).</summary>
    public int CachedTokenCount => _cached.Count;

    public Task<GenerationResult> GenerateAsync(
        IReadOnlyList<LLamaToken> prompt, GenerationOptions options, Action<string>? onText = null, CancellationToken cancellationToken = default) =>
        GenerateAsync(prompt, [], options, onText, cancellationToken);

    /// <param name="stablePositions">
    /// Prompt positions the next prompt likely shares (end of the repository context, start of the cursor's line): a model
    /// that keeps state checkpoints takes one at each, besides every <see cref="StateCheckpoints.Interval"/> tokens.
    /// </param>
    public async Task<GenerationResult> GenerateAsync(IReadOnlyList<LLamaToken> prompt, IReadOnlyList<int> stablePositions, GenerationOptions options,
        Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Count, nameof(prompt));
        if (prompt.Count >= ContextSize)
            throw new ArgumentException($"The prompt has {prompt.Count} tokens but the context holds only {ContextSize}.", nameof(prompt));
        var clock = Stopwatch.StartNew();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var queueWait = clock.Elapsed;
            // A thread of its own: decoding blocks for the whole generation, and on a pool thread it would starve the
            // Roslyn and telemetry work that runs beside it (the pool adds threads only slowly).
            return await Task.Factory.StartNew(() => Run(prompt, stablePositions, options, onText, clock, queueWait, cancellationToken),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cache so the next request is evaluated cold (benchmarks, comparisons).</summary>
    public async Task ResetCacheAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ClearCache();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the running request, then refuses new ones; the owner frees the native context afterwards.</summary>
    internal async Task CloseAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _closed = true;
        _gate.Release();
    }

    private GenerationResult Run(IReadOnlyList<LLamaToken> prompt, IReadOnlyList<int> stablePositions, GenerationOptions options,
        Action<string>? onText, Stopwatch clock, TimeSpan queueWait, CancellationToken cancellationToken)
    {
        var started = clock.Elapsed;
        bool OverBudget() => options.WallTimeBudget is { } budget && clock.Elapsed - started >= budget;

        try
        {
            var (reused, reuse, restoreTime) = KeepSharedPrefix(prompt);
            var batch = new LLamaBatch();
            StopReason? stop = null;
            var (saved, saveTime) = (0, TimeSpan.Zero);
            for (var start = reused; start < prompt.Count && stop is null;)
            {
                if (cancellationToken.IsCancellationRequested) { stop = StopReason.Cancelled; break; }
                if (OverBudget()) { stop = StopReason.WallTime; break; }
                var chunkEnd = Math.Min(start + _batchSize, prompt.Count);
                if (_checkpoints is not null)
                    chunkEnd = StateCheckpoints.ChunkEnd(start, chunkEnd, stablePositions);
                DecodePromptChunk(batch, prompt, start, chunkEnd);
                if (_checkpoints is not null && chunkEnd < prompt.Count && StateCheckpoints.IsDue(chunkEnd, stablePositions)
                    && _checkpoints.Save(chunkEnd, stablePositions) is { } took)
                {
                    saveTime += took;
                    saved++;
                }
                start = chunkEnd;
            }
            var promptEnd = clock.Elapsed;
            var evaluated = _cached.Count - reused;

            var text = new StringBuilder();
            // the healed text the prompt left off: generated first, never shown
            var hidden = options.RequiredStart.Length;
            var generated = 0;
            TimeSpan? firstToken = null;
            if (stop is null)
            {
                using var sampler = CreateSampler(options);
                var decoder = new StreamingTokenDecoder(Encoding.UTF8, _weights) { DecodeSpecialTokens = false };
                var healing = hidden == 0 ? null
                    : new TokenHealing(Encoding.UTF8.GetBytes(options.RequiredStart), _pieces ??= new TokenPieces(_weights));
                var logitIndex = batch.TokenCount - 1;
                while (stop is null)
                {
                    if (cancellationToken.IsCancellationRequested) { stop = StopReason.Cancelled; break; }
                    if (OverBudget()) { stop = StopReason.WallTime; break; }
                    if (_cached.Count >= ContextSize) { stop = StopReason.ContextFull; break; }

                    if (healing is { Active: true } && !healing.Constrain(_context.NativeHandle.GetLogitsIth(logitIndex)))
                    {
                        stop = StopReason.EndOfGeneration; // no token spells the healed text (a vocabulary without byte tokens)
                        break;
                    }
                    var token = sampler.Sample(_context.NativeHandle, logitIndex);
                    healing?.Accept(token);
                    if (options.StopAtEndOfGeneration && (_isEndOfGeneration(token) || _markerTokens.Contains(token)))
                    {
                        stop = StopReason.EndOfGeneration;
                        break;
                    }
                    generated++;
                    firstToken ??= clock.Elapsed;
                    decoder.Add(token);
                    var piece = decoder.Read();
                    if (piece.Length > 0)
                    {
                        text.Append(piece);
                        var visible = piece[Math.Clamp(hidden - (text.Length - piece.Length), 0, piece.Length)..];
                        if (visible.Length > 0)
                        {
                            onText?.Invoke(visible);
                            if (options.IsComplete?.Invoke(text.ToString(hidden, text.Length - hidden)) == true) { stop = StopReason.Complete; break; }
                        }
                    }
                    if (generated >= options.MaxTokens) { stop = StopReason.MaxTokens; break; }

                    batch.Clear();
                    batch.Add(token, (LLamaPos)_cached.Count, Sequence, true);
                    Decode(batch);
                    _cached.Add(token);
                    logitIndex = 0;
                }
            }

            var end = clock.Elapsed;
            var timings = new RequestTimings(queueWait, evaluated, promptEnd - started, generated, end - promptEnd, firstToken, end);
            var checkpoints = _checkpoints is null ? null
                : new CheckpointStats(_checkpoints.Count, _checkpoints.Bytes, saved, saveTime.TotalMilliseconds, restoreTime?.TotalMilliseconds);
            var result = text.Length > hidden ? text.ToString(hidden, text.Length - hidden) : "";
            return new GenerationResult(result, stop!.Value, prompt.Count, reused, evaluated, reuse, timings) { Checkpoints = checkpoints };
        }
        catch
        {
            // A failed decode leaves the cache in an unknown state; start the next request cold.
            ClearCache();
            throw;
        }
    }

    /// <summary>
    /// Keeps the longest common prefix of the cached tokens and the prompt (at least one prompt token is always evaluated,
    /// its logits start the generation) and removes the rest from the KV cache. A memory that cannot remove a tail goes back
    /// to its newest state checkpoint within the prefix instead, and is cleared when none applies.
    /// </summary>
    private (int Reused, CacheReuse Reuse, TimeSpan? RestoreTime) KeepSharedPrefix(IReadOnlyList<LLamaToken> prompt)
    {
        var limit = Math.Min(_cached.Count, prompt.Count - 1);
        var shared = 0;
        while (shared < limit && _cached[shared] == prompt[shared])
            shared++;
        if (shared < _cached.Count)
        {
            if (KvMemory.TryRemoveTail(_context.NativeHandle, shared))
            {
                KeepFirst(shared);
            }
            else if (_checkpoints?.Restore(shared) is (int position, TimeSpan elapsed))
            {
                KeepFirst(position);
                return (position, CacheReuse.Checkpoint, elapsed);
            }
            else
            {
                var hadCache = _cached.Count > 0;
                ClearCache();
                return (0, hadCache ? CacheReuse.FullReevaluation : CacheReuse.Cold, null);
            }
        }
        return (shared, shared > 0 ? CacheReuse.Prefix : CacheReuse.Cold, null);
    }

    private void KeepFirst(int count)
    {
        _cached.RemoveRange(count, _cached.Count - count);
        _checkpoints?.DropAfter(count);
    }

    private void DecodePromptChunk(LLamaBatch batch, IReadOnlyList<LLamaToken> prompt, int start, int end)
    {
        batch.Clear();
        for (var i = start; i < end; i++)
            batch.Add(prompt[i], (LLamaPos)i, Sequence, i == prompt.Count - 1);
        Decode(batch);
        for (var i = start; i < end; i++)
            _cached.Add(prompt[i]);
    }

    private void Decode(LLamaBatch batch)
    {
        var result = _context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama_decode failed: {result}");
    }

    private static SafeLLamaSamplerChainHandle CreateSampler(GenerationOptions options)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (options.Temperature <= 0)
        {
            chain.AddGreedySampler();
        }
        else
        {
            chain.AddTemperature(options.Temperature);
            chain.AddDistributionSampler(options.Seed);
        }
        return chain;
    }

    private void ClearCache()
    {
        _context.NativeHandle.MemoryClear(true);
        _cached.Clear();
        _checkpoints?.Clear();
    }
}
