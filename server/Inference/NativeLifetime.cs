namespace CodeAssist.Server.Inference;

/// <summary>Thrown to a caller whose model is being or has been unloaded (a format switch); the registry retries on the next one.</summary>
public sealed class ModelUnloadedException(string model) : ObjectDisposedException(model, $"The model {model} was unloaded by a format switch.");

/// <summary>
/// Counts the native calls in flight on one loaded model, so that freeing it waits for them: every tokenization,
/// decode and chat-template call runs under a lease, and once closing has begun no new lease is given. This is what
/// keeps a format switch in the middle of typing from freeing a model that llama.cpp is still reading.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Closing is cancelled, never disposed: generations may still hold its token when the model is freed, and a source without timers holds no resources.")]
public sealed class NativeLifetime(string model)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private int _leases;

    /// <summary>Cancelled when unloading begins: long generations stop early instead of holding up the switch.</summary>
    public CancellationToken Closing => _closing.Token;

    public bool IsClosing => _closing.IsCancellationRequested;

    /// <summary>A lease for native calls on the model; throws <see cref="ModelUnloadedException"/> once unloading has begun.</summary>
    public Lease Acquire()
    {
        lock (_gate)
        {
            if (_closing.IsCancellationRequested)
                throw new ModelUnloadedException(model);
            _leases++;
            return new Lease(this);
        }
    }

    /// <summary>Refuses new leases, cancels <see cref="Closing"/>, and completes when the last lease has been returned.</summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            if (!_closing.IsCancellationRequested)
            {
                _closing.Cancel();
                if (_leases == 0)
                    _idle.TrySetResult();
            }
        }
        return _idle.Task;
    }

    private void Release()
    {
        lock (_gate)
        {
            if (--_leases == 0 && _closing.IsCancellationRequested)
                _idle.TrySetResult();
        }
    }

    public sealed class Lease(NativeLifetime owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Release();
        }
    }
}
