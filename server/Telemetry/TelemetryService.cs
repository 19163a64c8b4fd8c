using CodeAssist.Server.Configuration;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Models;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Storage;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Telemetry;

/// <summary>
/// The server's side of telemetry: one session id per process, the store (recreated when the telemetry settings
/// change), and the context every event carries: the format label and what the file really is (fingerprint).
/// Events are built off the request path; shutdown waits for the ones still being built, so none is lost.
/// </summary>
public sealed class TelemetryService : IAsyncDisposable
{
    private readonly LanguageClient _client;
    private readonly ILogger<TelemetryService> _logger;
    private readonly ServerOptions _options;
    private readonly Lock _gate = new();
    // The last event's store; each waits for the one before, so this one finishing means every earlier one has.
    private Task _lastStored = Task.CompletedTask;
    private TelemetryStore _store;
    private TelemetrySettings _settings;
    private ServedModel? _started;

    public TelemetryService(ServerOptions options, SettingsService settings, ICompletionModel model, LanguageClient client, ILogger<TelemetryService> logger)
    {
        _options = options;
        _client = client;
        _logger = logger;
        _settings = settings.Current.Telemetry;
        _store = CreateStore(_settings);
        settings.Changed += (_, after) => Reconfigure(after);
        model.StatusChanged += status =>
        {
            // Once per model: a llama-server that comes back after an outage is ready again with the same model.
            if (status.State == ModelState.Ready && model.Current is { } served && Interlocked.Exchange(ref _started, served) != served)
                RecordSessionStart(served);
        };
    }

    public string SessionId { get; } = Guid.NewGuid().ToString("N");

    public TelemetryStore Store
    {
        get
        {
            lock (_gate)
                return _store;
        }
    }

    /// <summary>
    /// Builds an event in the background (its context may wait for the model's fingerprint) and stores it after every
    /// event recorded before it: a reader ordering by row sees a suggestion's shown event before its accept or rejection.
    /// </summary>
    public void Record(ServedModel? model, TextDocument? document, string? triggerKind, Func<EventContext, TelemetryEvent> create)
    {
        var timestamp = _options.Time.GetUtcNow();
        var built = Task.Run(async () => create(await ContextAsync(model, document, triggerKind)) with { Timestamp = timestamp });
        lock (_gate)
            _lastStored = StoreAfterAsync(_lastStored, built);
    }

    private async Task StoreAfterAsync(Task previous, Task<TelemetryEvent> built)
    {
        await previous.ConfigureAwait(false); // never faults: each step logs its own failure
        try
        {
            Store.Record(await built.ConfigureAwait(false));
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A telemetry event could not be built");
        }
    }

    public async Task FlushAsync()
    {
        Task last;
        lock (_gate)
            last = _lastStored;
        await last; // never faults: StoreAfterAsync logs its own failures
        await Store.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Record(null, null, null, context => new SessionEnded { Context = context });
        await FlushAsync();
        await Store.DisposeAsync();
    }

    private async Task<EventContext> ContextAsync(ServedModel? model, TextDocument? document, string? triggerKind)
    {
        ModelFingerprint? fingerprint = null;
        if (model is not null)
        {
            try
            {
                fingerprint = await model.Fingerprint;
            }
            catch (Exception e)
            {
                _logger.LogWarning("No fingerprint for {Label}: {Message}", model.Label, e.Message);
            }
        }
        return new EventContext
        {
            SessionId = SessionId,
            FormatLabel = model?.Label,
            // A model only a remote server can read has no hash here.
            FormatSha256 = fingerprint?.Sha256 is { Length: > 0 } sha256 ? sha256 : null,
            FileType = fingerprint?.FileTypeName,
            Architecture = fingerprint?.Architecture,
            Language = document?.LanguageId,
            FileExtensionHash = document is null ? null : Fingerprints.FileExtensionHash(document.Uri),
            TriggerKind = triggerKind,
        };
    }

    private void RecordSessionStart(ServedModel model)
    {
        var runtime = model.Runtime;
        Record(model, null, null, context => new SessionStarted
        {
            Context = context,
            Backend = runtime.Backend,
            Device = runtime.Device,
            GpuLayers = runtime.GpuLayers,
            Threads = runtime.Threads,
            ContextSize = runtime.ContextSize,
            ServerVersion = ServerVersion.Current,
        });
    }

    private void Reconfigure(CodeAssistSettings after)
    {
        TelemetryStore old;
        lock (_gate)
        {
            if (after.Telemetry == _settings)
                return;
            _settings = after.Telemetry;
            old = _store;
            _store = CreateStore(_settings);
        }
        _ = old.DisposeAsync().AsTask();
    }

    private TelemetryStore CreateStore(TelemetrySettings settings) => new(new TelemetryOptions
    {
        DatabasePath = _options.TelemetryDatabase,
        Enabled = settings.Enabled,
        IncludeCode = settings.IncludeCode,
        OnWarning = message =>
        {
            _logger.LogWarning("Telemetry: {Message}", message);
            _client.ShowMessage(MessageType.Warning, $"CodeAssist telemetry is off: {message}");
        },
    });
}
