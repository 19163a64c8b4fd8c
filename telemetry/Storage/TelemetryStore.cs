using System.Threading.Channels;
using CodeAssist.Telemetry.Events;
using Microsoft.Data.Sqlite;

namespace CodeAssist.Telemetry.Storage;

/// <summary>
/// Durable event sink. <see cref="Record"/> only converts the event and queues it; a background writer inserts the queue in
/// batches at least every <see cref="TelemetryOptions.FlushInterval"/>. Any storage failure turns telemetry off with a
/// warning and keeps the events in memory; nothing here throws into the caller.
/// </summary>
public sealed class TelemetryStore : IDisposable, IAsyncDisposable
{
    private readonly TelemetryOptions _options;
    private readonly Channel<EventRow>? _queue;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TaskCompletionSource> _flushWaiters = [];
    private readonly List<EventRow> _unsaved = [];
    private readonly Task _writer;
    private SqliteConnection? _connection;
    private volatile string? _disabledReason;
    private bool _writerStopped;
    private long _dropped;
    private int _disposed;

    public TelemetryStore(TelemetryOptions options)
    {
        _options = options;
        if (!options.Enabled)
        {
            _writer = Task.CompletedTask;
            return;
        }
        _queue = Channel.CreateBounded<EventRow>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>True while events reach the database: enabled by the user and no storage failure so far.</summary>
    public bool IsEnabled => _options.Enabled && _disabledReason is null;

    /// <summary>Why the store turned itself off, or null.</summary>
    public string? DisabledReason => _disabledReason;

    /// <summary>The database file; resolving the default creates the data directory, so call it off the hot path.</summary>
    public string DatabasePath => _options.DatabasePath ?? AppPaths.TelemetryDatabase;

    /// <summary>Events dropped because the in-memory queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Events kept in memory because the database could not take them.</summary>
    public IReadOnlyList<EventRow> UnsavedEvents
    {
        get
        {
            lock (_unsaved)
                return _unsaved.ToArray();
        }
    }

    /// <summary>Queues the event; never blocks, never touches disk, never throws.</summary>
    public void Record(TelemetryEvent telemetryEvent)
    {
        if (_queue is null)
            return;
        var row = telemetryEvent.ToRow();
        if (!_options.IncludeCode)
        {
            row.PromptText = null;
            row.SuggestionText = null;
        }
        _queue.Writer.TryWrite(row);
    }

    /// <summary>Completes once everything recorded before the call has been written (or kept in memory after a failure).</summary>
    public Task FlushAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_flushWaiters)
        {
            if (_writerStopped || _queue is null)
                return Task.CompletedTask;
            _flushWaiters.Add(waiter);
        }
        _wake.Release();
        return waiter.Task;
    }

    private async Task RunWriterAsync()
    {
        OpenDatabase();
        var stopping = false;
        while (!stopping)
        {
            try
            {
                await _wake.WaitAsync(_options.FlushInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                stopping = true;
            }
            TaskCompletionSource[] waiters;
            lock (_flushWaiters)
            {
                waiters = [.. _flushWaiters];
                _flushWaiters.Clear();
                _writerStopped = stopping;
            }
            WriteQueued();
            foreach (var waiter in waiters)
                waiter.TrySetResult();
        }
        _connection?.Dispose();
    }

    private void OpenDatabase()
    {
        try
        {
            _connection = TelemetryDatabase.Open(DatabasePath);
            _options.AfterOpen?.Invoke(_connection);
        }
        // Telemetry must never take the server down: whatever the failure, switch off and say why.
        catch (Exception exception)
        {
            Disable(exception);
        }
    }

    private void WriteQueued()
    {
        var batch = new List<EventRow>();
        while (_queue!.Reader.TryRead(out var row))
        {
            batch.Add(row);
            if (batch.Count < _options.BatchSize)
                continue;
            Write(batch);
            batch = [];
        }
        if (batch.Count > 0)
            Write(batch);
    }

    private void Write(List<EventRow> batch)
    {
        if (_connection is null)
        {
            KeepInMemory(batch);
            return;
        }
        try
        {
            TelemetryDatabase.Insert(_connection, batch);
        }
        catch (Exception exception)
        {
            KeepInMemory(batch);
            Disable(exception);
        }
    }

    private void KeepInMemory(List<EventRow> batch)
    {
        lock (_unsaved)
        {
            var room = Math.Max(0, _options.QueueCapacity - _unsaved.Count);
            _unsaved.AddRange(batch.Take(room));
            Interlocked.Add(ref _dropped, batch.Count - Math.Min(room, batch.Count));
        }
    }

    private void Disable(Exception exception)
    {
        _connection?.Dispose();
        _connection = null;
        var path = _options.DatabasePath ?? "the telemetry database";
        _disabledReason = $"Telemetry is turned off: cannot write to {path}: {exception.Message}";
        try
        {
            _options.OnWarning?.Invoke(_disabledReason);
        }
        // A faulty warning handler must not kill the writer either.
        catch (Exception)
        {
        }
    }

    /// <summary>Writes what is queued and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _queue?.Writer.TryComplete();
        _stop.Cancel();
        await _writer.ConfigureAwait(false);
        // _wake stays undisposed: a FlushAsync racing with Dispose may still release it, and it holds no wait handle.
        _stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
