using CodeAssist.Server.Logging;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Inference;

/// <summary><see cref="Unavailable"/>: configured, but its server cannot answer now; every completion retries until it can.</summary>
public enum ModelState { Off, Loading, Ready, Failed, Unavailable }

public sealed record ModelStatus(ModelState State, string? Label, string? Path, string? Error = null, LoadReport? Report = null)
{
    public string Describe() => State switch
    {
        ModelState.Off => "No model configured: set codeassist.models and codeassist.quantFormat.",
        ModelState.Loading => $"Model '{Label}' is loading.",
        ModelState.Ready => $"Model '{Label}' is ready.",
        ModelState.Unavailable => $"Model '{Label}' is unavailable: {Error} Completions resume once it answers.",
        _ => $"Model '{Label}' failed to load: {Error} Completions are off until a valid model is configured.",
    };
}

/// <summary>
/// codeassist.models (format label to GGUF path, or to the model name a llama-server knows), codeassist.quantFormat (the
/// active label), the in-process host settings, and the llama-server to use instead when <paramref name="Server"/> is set.
/// </summary>
public sealed record ModelRegistrySettings(
    IReadOnlyDictionary<string, string> Models, string? ActiveLabel, ModelHostSettings Host, LlamaServer.LlamaServerEndpoint? Server = null);

public sealed record ModelLoadProgress(string Label, string Message, double? Fraction = null);

/// <summary>
/// The model that serves requests, with the user's label and what the file really is. The fingerprint's sha256 streams the
/// whole file once (then it is cached), so it completes in the background instead of delaying readiness.
/// </summary>
public sealed record ActiveModel(string Label, string Path, ModelHost Host, Task<ModelFingerprint> Fingerprint)
{
    /// <summary>This load of the model: known at once, unlike <see cref="Fingerprint"/>, whose sha256 takes a while on a large file.</summary>
    public Guid LoadId { get; } = Guid.NewGuid();
}

/// <summary>
/// Owns the loaded model and swaps it when the settings change, without a restart: the old model is unloaded (its running
/// request finishes first), the new one loaded. Meanwhile callers can wait for readiness or see the Loading state; a failed
/// load leaves no model and keeps the error until a valid configuration is applied.
/// </summary>
public sealed class ModelRegistry(ModelFingerprinter fingerprinter) : IAsyncDisposable
{
    public ModelRegistry() : this(new ModelFingerprinter())
    {
    }

    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly Lock _stateLock = new();
    private ActiveModel? _active;
    private ModelStatus _status = new(ModelState.Off, null, null);
    private TaskCompletionSource _settled = Settled();
    private ModelHostSettings? _activeSettings;

    public event Action<ModelStatus>? StatusChanged;

    public ModelStatus Status
    {
        get
        {
            lock (_stateLock)
                return _status;
        }
    }

    /// <summary>The label of the model that is ready, for telemetry; null while none is.</summary>
    public string? ActiveLabel
    {
        get
        {
            lock (_stateLock)
                return _active?.Label;
        }
    }

    public async Task<ModelStatus> ApplyAsync(
        ModelRegistrySettings settings, IProgress<ModelLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _applyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var label = settings.ActiveLabel?.Trim();
            if (string.IsNullOrEmpty(label))
            {
                await UnloadAsync(progress).ConfigureAwait(false);
                return SetStatus(new ModelStatus(ModelState.Off, null, null));
            }
            if (!settings.Models.TryGetValue(label, out var path) || string.IsNullOrWhiteSpace(path))
            {
                await UnloadAsync(progress).ConfigureAwait(false);
                var known = settings.Models.Count == 0 ? "none" : string.Join(", ", settings.Models.Keys.Order());
                return SetStatus(new ModelStatus(ModelState.Failed, label, null,
                    $"format '{label}' has no GGUF path in codeassist.models (labels with a path: {known})."));
            }

            lock (_stateLock)
            {
                if (_active is { } current && current.Label == label && current.Path == path && _activeSettings == settings.Host)
                    return _status;
            }

            SetStatus(new ModelStatus(ModelState.Loading, label, path));
            await UnloadAsync(progress).ConfigureAwait(false);
            progress?.Report(new ModelLoadProgress(label, $"Loading {System.IO.Path.GetFileName(path)}", 0));
            try
            {
                var host = await LoadWatchedAsync(label, path, settings.Host, progress, cancellationToken).ConfigureAwait(false);
                lock (_stateLock)
                {
                    _active = new ActiveModel(label, path, host, Task.Run(() => fingerprinter.ComputeAsync(path, CancellationToken.None)));
                    _activeSettings = settings.Host;
                }
                progress?.Report(new ModelLoadProgress(label, host.Report.ToString(), 1));
                return SetStatus(new ModelStatus(ModelState.Ready, label, path, Report: host.Report));
            }
            catch (ModelLoadException e)
            {
                return SetStatus(new ModelStatus(ModelState.Failed, label, path, $"{e.FilePath}: {e.Cause}."));
            }
            catch (OperationCanceledException)
            {
                SetStatus(new ModelStatus(ModelState.Off, null, null));
                throw;
            }
            catch (Exception e)
            {
                // Whatever a load throws ends as a status the user can read, never as a load that stays "loading".
                return SetStatus(new ModelStatus(ModelState.Failed, label, path, $"{path}: {e.Message}"));
            }
        }
        finally
        {
            _applyGate.Release();
        }
    }

    /// <summary>How long a load may go without progress before it is given up (llama.cpp reports progress as it reads tensors).</summary>
    public static TimeSpan LoadStallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Loads off the caller's thread and gives up when llama.cpp reports no progress for <see cref="LoadStallTimeout"/>
    /// (a file on a hung mount, say): the load cannot be aborted natively, so a model it still produces is freed.
    /// </summary>
    private static async Task<ModelHost> LoadWatchedAsync(
        string label, string path, ModelHostSettings settings, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken)
    {
        var lastProgress = Environment.TickCount64;
        var loadProgress = new SynchronousProgress<float>(f =>
        {
            Volatile.Write(ref lastProgress, Environment.TickCount64);
            progress?.Report(new ModelLoadProgress(label, "Loading", f));
        });
        var load = Task.Run(() => ModelHost.LoadAsync(path, settings, loadProgress, cancellationToken), cancellationToken);
        while (true)
        {
            var stalledAt = TimeSpan.FromMilliseconds(Volatile.Read(ref lastProgress)) + LoadStallTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64);
            if (stalledAt <= TimeSpan.Zero)
                break;
            if (await Task.WhenAny(load, Task.Delay(stalledAt, cancellationToken)).ConfigureAwait(false) == load)
                return await load.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        _ = load.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        throw new ModelLoadException(path, $"the load made no progress for {LoadStallTimeout.TotalSeconds:0} s (a blocked or very slow file?); it was given up");
    }

    /// <summary>The ready model, or null with the reason in <paramref name="status"/>; for callers that answer "model loading" at once.</summary>
    public ActiveModel? TryGetModel(out ModelStatus status)
    {
        lock (_stateLock)
        {
            status = _status;
            return _status.State == ModelState.Ready ? _active : null;
        }
    }

    /// <summary>Waits through a load in progress; throws <see cref="ModelUnavailableException"/> when no model is or will be ready.</summary>
    public async Task<ActiveModel> WaitForModelAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task settled;
            lock (_stateLock)
            {
                if (_status.State == ModelState.Ready && _active is not null)
                    return _active;
                if (_status.State != ModelState.Loading)
                    throw new ModelUnavailableException(_status);
                settled = _settled.Task;
            }
            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a FIM completion on the current model, waiting through a load; a request caught by a swap is retried on the
    /// new model. Returns the label of the model that answered with the result.
    /// </summary>
    public async Task<(ActiveModel Model, GenerationResult Result)> CompleteAsync(
        FimRequest request, GenerationOptions options, Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var model = await WaitForModelAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (model, await model.Host.CompleteAsync(request, options, onText, cancellationToken).ConfigureAwait(false));
            }
            catch (ObjectDisposedException)
            {
                // The model was swapped out while this request waited for it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _applyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await UnloadAsync(null).ConfigureAwait(false);
            SetStatus(new ModelStatus(ModelState.Off, null, null));
        }
        finally
        {
            _applyGate.Release();
        }
    }

    private async Task UnloadAsync(IProgress<ModelLoadProgress>? progress)
    {
        ActiveModel? old;
        lock (_stateLock)
        {
            old = _active;
            _active = null;
            _activeSettings = null;
        }
        if (old is null)
            return;
        progress?.Report(new ModelLoadProgress(old.Label, $"Unloading {old.Label}"));
        await old.Host.DisposeAsync().ConfigureAwait(false);
    }

    private ModelStatus SetStatus(ModelStatus status)
    {
        TaskCompletionSource? toRelease = null;
        lock (_stateLock)
        {
            var wasLoading = _status.State == ModelState.Loading;
            _status = status;
            if (status.State == ModelState.Loading && !wasLoading)
                _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            else if (status.State != ModelState.Loading)
                toRelease = _settled;
        }
        toRelease?.TrySetResult();
        StatusChanged?.Invoke(status);
        return status;
    }

    private static TaskCompletionSource Settled()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
