using CodeAssist.Server.Models;

namespace CodeAssist.Server.Inference.LlamaServer;

/// <summary>
/// llama.cpp's own server as the completion model, usually a router (<c>--models-dir</c>, <c>--models-preset</c>) shared
/// by a team: the active label's entry in codeassist.models is the model name the router knows, so switching format is
/// switching that name, and the router loads it while progress is shown. Any failure of the server (down, 5xx, too slow,
/// model unknown, key refused) becomes one <see cref="ModelState.Unavailable"/> status with the client's message; the next
/// completion tries again, so the backend recovers by itself once the cause is gone.
/// </summary>
public sealed class LlamaServerBackend(ModelFingerprinter fingerprinter) : ICompletionModel, IDisposable
{
    public const string BackendName = "llama-server";

    /// <summary>How often the router's model list is read while it loads a model.</summary>
    public static TimeSpan LoadPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a router may take to load a model before the switch is given up (large models load for minutes).</summary>
    public static TimeSpan LoadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Code the served model tokenizes once per connection: counting every prompt part on the server would cost a round
    /// trip each, so parts are estimated with this sample's characters per token, which fit the model's own vocabulary
    /// (a small code vocabulary makes far more tokens of the same text than four characters each).
    /// </summary>
    private const string TokenSample = """
        using System.Collections.Generic;

        public sealed class OrderService(IOrderRepository orders, ILogger<OrderService> logger)
        {
            public async Task<decimal> TotalAsync(int customerId, CancellationToken cancellationToken)
            {
                var total = 0m;
                foreach (var order in await orders.ForCustomerAsync(customerId, cancellationToken))
                    total += order.Lines.Sum(line => line.Quantity * line.UnitPrice);
                logger.LogInformation("Customer {Id} ordered {Total:C}", customerId, total);
                return total;
            }
        }
        """;

    /// <summary>One label's model on one server: what the settings chose.</summary>
    private sealed record Target(string Label, string Model, LlamaServerClient Client);

    // Held through a switch or a reconnection, so requests meanwhile wait for its outcome instead of starting their own.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private Target? _target;
    private ServedModel? _served;
    private RemoteModelInfo? _servedInfo;
    private ModelStatus _status = new(ModelState.Off, null, null);

    public event Action<ModelStatus>? StatusChanged;

    public ModelStatus Status
    {
        get
        {
            lock (_lock)
                return _status;
        }
    }

    public ServedModel? Current
    {
        get
        {
            lock (_lock)
                return _status.State == ModelState.Ready ? _served : null;
        }
    }

    public bool Serves => Status.State is ModelState.Loading or ModelState.Ready or ModelState.Unavailable;

    public async Task<ModelStatus> ApplyAsync(ModelRegistrySettings settings, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var label = settings.ActiveLabel?.Trim();
            if (settings.Server is not { } endpoint || string.IsNullOrEmpty(label))
                return Switch(null, new ModelStatus(ModelState.Off, null, null));
            if (!settings.Models.TryGetValue(label, out var model) || string.IsNullOrWhiteSpace(model))
            {
                var known = settings.Models.Count == 0 ? "none" : string.Join(", ", settings.Models.Keys.Order());
                return Switch(null, new ModelStatus(ModelState.Failed, label, null,
                    $"format '{label}' has no llama-server model name in codeassist.models (labels with one: {known})."));
            }
            lock (_lock)
            {
                if (_target is { } current && current.Label == label && current.Model == model.Trim() && current.Client.Endpoint == endpoint
                    && _status.State == ModelState.Ready)
                    return _status;
            }
            var target = new Target(label, model.Trim(), LlamaServerClient.Create(endpoint));
            Switch(target, new ModelStatus(ModelState.Loading, label, target.Model));
            try
            {
                await ConnectAsync(target, progress, cancellationToken).ConfigureAwait(false);
                return SetStatus(new ModelStatus(ModelState.Ready, label, target.Model));
            }
            catch (LlamaServerException e)
            {
                return Fail(target, e);
            }
            catch (OperationCanceledException)
            {
                Switch(null, new ModelStatus(ModelState.Off, null, null));
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<RawCompletion> CompleteAsync(FimRequest request, GenerationOptions options, CancellationToken cancellationToken)
    {
        var (target, served) = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await target.Client.InfillAsync(target.Model, request, options, null, cancellationToken).ConfigureAwait(false);
            Recovered(target);
            return new RawCompletion(served, result, result.Text);
        }
        catch (LlamaServerException e)
        {
            throw new ModelUnavailableException(Fail(target, e));
        }
    }

    public async Task<string> ChatAsync(
        IReadOnlyList<ChatMessage> messages, GenerationOptions options, Action<string> onText, CancellationToken cancellationToken)
    {
        Target target;
        try
        {
            (target, _) = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ModelUnavailableException e)
        {
            throw new GenerationFailedException(e.Message, e);
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.WallTimeBudget is { } wallTime)
            budget.CancelAfter(wallTime);
        try
        {
            // Not streamed: a refactor's answer is used whole, so it arrives in one piece.
            var answer = await target.Client.ChatAsync(target.Model, messages.Select(m => (m.Role, m.Content)), options.MaxTokens, budget.Token)
                .ConfigureAwait(false);
            Recovered(target);
            onText(answer);
            return answer;
        }
        catch (LlamaServerException e)
        {
            Fail(target, e);
            throw new GenerationFailedException(e.Message, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GenerationFailedException($"llama-server did not answer the refactor within {options.WallTimeBudget?.TotalSeconds:0} s.", e);
        }
    }

    /// <summary>
    /// The model to ask: the ready one at once; after a failure, the server is asked again (its model list, loading the
    /// model if it restarted without it), so the request itself is the retry. The status turns ready only when a request
    /// succeeds, so a server that accepts connections but stays too slow does not flap between ready and unavailable.
    /// </summary>
    private async Task<(Target Target, ServedModel Served)> ConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_status.State == ModelState.Ready && _target is { } ready && _served is { } served)
                return (ready, served);
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Target? target;
            ModelStatus status;
            lock (_lock)
            {
                if (_status.State == ModelState.Ready && _target is { } ready && _served is { } served)
                    return (ready, served);
                (target, status) = (_target, _status);
            }
            if (target is null || status.State != ModelState.Unavailable)
                throw new ModelUnavailableException(status);
            try
            {
                return (target, await ConnectAsync(target, null, cancellationToken).ConfigureAwait(false));
            }
            catch (LlamaServerException e)
            {
                throw new ModelUnavailableException(Fail(target, e));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Finds the model on the server, has the router load it when it is not loaded, and reads what it is.</summary>
    private async Task<ServedModel> ConnectAsync(Target target, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken)
    {
        var listed = await target.Client.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        var entry = listed.FirstOrDefault(m => m.Id == target.Model)
            ?? throw new LlamaServerException(LlamaServerFailure.UnknownModel,
                $"llama-server at {target.Client.Endpoint} has no model '{target.Model}' (it has: {string.Join(", ", listed.Select(m => m.Id))}); " +
                "check the model names in codeassist.models against the server's list.");
        if (!IsLoaded(entry))
            await LoadAsync(target, entry, progress, cancellationToken).ConfigureAwait(false);
        var info = await target.Client.GetModelInfoAsync(target.Model, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            // A reconnection to the same file keeps the model's identity: telemetry sees one model, not one per outage.
            if (_target == target && _served is { } same && _servedInfo == info)
                return same;
        }
        var charactersPerToken = TokenSample.Length / (double)Math.Max(1, await target.Client.CountTokensAsync(target.Model, TokenSample, cancellationToken).ConfigureAwait(false));
        var served = new ServedModel(target.Label, BackendName, Guid.NewGuid(), Task.Run(() => FingerprintAsync(info)),
            new ModelRuntime(BackendName, info.BuildInfo ?? "unknown", -1, 0, info.ContextSize))
        {
            Tokenizer = text => (int)Math.Ceiling(text.Length / charactersPerToken),
        };
        lock (_lock)
        {
            if (_target == target)
                (_served, _servedInfo) = (served, info);
        }
        return served;
    }

    /// <summary>Asks the router to load the model and polls its list until it is loaded, reporting progress meanwhile.</summary>
    private async Task LoadAsync(Target target, RouterModel entry, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new ModelLoadProgress(target.Label, $"llama-server is loading {target.Model}"));
        if (entry.Status != "loading")
            await target.Client.LoadModelAsync(target.Model, cancellationToken).ConfigureAwait(false);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            await Task.Delay(LoadPollInterval, cancellationToken).ConfigureAwait(false);
            var now = (await target.Client.ListModelsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.Id == target.Model);
            if (now is not null && IsLoaded(now))
                return;
            if (now is null || now.Failed)
                throw new LlamaServerException(LlamaServerFailure.UnknownModel,
                    $"llama-server at {target.Client.Endpoint} failed to load '{target.Model}'; see the server's log.");
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (elapsed > LoadTimeout)
                throw new LlamaServerException(LlamaServerFailure.Timeout,
                    $"llama-server at {target.Client.Endpoint} did not load '{target.Model}' within {LoadTimeout.TotalMinutes:0} min.");
            progress?.Report(new ModelLoadProgress(target.Label, $"llama-server is loading {target.Model} ({elapsed.TotalSeconds:0} s)"));
        }
    }

    /// <summary>A sleeping model is loaded too: the router wakes it with the next request.</summary>
    private static bool IsLoaded(RouterModel model) => model.Status is "loaded" or "sleeping";

    /// <summary>The file's own fingerprint with its sha256 when the server's path is readable here (a local server), else what the server says.</summary>
    private async Task<ModelFingerprint> FingerprintAsync(RemoteModelInfo info)
    {
        if (info.Path is { } path && File.Exists(path))
            return await fingerprinter.ComputeAsync(path).ConfigureAwait(false);
        var size = info.SizeBytes ?? 0;
        var parameters = info.Parameters ?? 0;
        return new ModelFingerprint("unknown", false, null, "unknown", parameters, parameters == 0 ? 0 : size * 8.0 / parameters, [],
            [new ModelPartFile(info.Path ?? info.Model, size)], Sha256: "");
    }

    private ModelStatus Fail(Target target, LlamaServerException e)
    {
        lock (_lock)
        {
            if (_target != target)
                return _status;
        }
        return SetStatus(new ModelStatus(ModelState.Unavailable, target.Label, target.Model, e.Message));
    }

    private void Recovered(Target target)
    {
        lock (_lock)
        {
            if (_target != target || _status.State == ModelState.Ready)
                return;
        }
        SetStatus(new ModelStatus(ModelState.Ready, target.Label, target.Model));
    }

    private ModelStatus Switch(Target? target, ModelStatus status)
    {
        lock (_lock)
        {
            _target = target;
            (_served, _servedInfo) = (null, null);
        }
        return SetStatus(status);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Raises <see cref="StatusChanged"/> only for a change: the same failure on every keystroke is one status and one message.</summary>
    private ModelStatus SetStatus(ModelStatus status)
    {
        lock (_lock)
        {
            if (_status == status)
                return status;
            _status = status;
        }
        StatusChanged?.Invoke(status);
        return status;
    }
}
