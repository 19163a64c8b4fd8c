using CodeAssist.Server.Inference;
using CodeAssist.Server.Inference.LlamaServer;
using CodeAssist.Server.Logging;
using CodeAssist.Server.Lsp;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Configuration;

/// <summary>
/// Turns the model settings into the loaded model: on every settings change that touches them, the
/// <see cref="ICompletionModel"/> swaps models in the background (editor progress shown, requests waiting meanwhile);
/// failures reach the user as a message and the status bar through <see cref="StatusReporter"/>.
/// </summary>
public sealed class ModelActivator : IDisposable
{
    private readonly ICompletionModel _model;
    private readonly LanguageClient _client;
    private readonly SessionFormat _sessionFormat;
    private readonly StatusReporter _status;
    private readonly ILogger<ModelActivator> _logger;
    private ModelRegistrySettings? _applied;
    private CancellationTokenSource _superseded = new();
    private bool _disposed;

    public ModelActivator(
        SettingsService settings, ICompletionModel model, LanguageClient client, SessionFormat sessionFormat, StatusReporter status, ILogger<ModelActivator> logger)
    {
        _model = model;
        _client = client;
        _sessionFormat = sessionFormat;
        _status = status;
        _logger = logger;
        settings.Changed += (_, after) => Apply(after);
    }

    /// <summary>The load in progress or last finished, for callers (and tests) that need to wait for it.</summary>
    public Task<ModelStatus> Current { get; private set; } = Task.FromResult(new ModelStatus(ModelState.Off, null, null));

    private void Apply(CodeAssistSettings settings)
    {
        var target = ToRegistrySettings(settings);
        lock (this)
        {
            if (_disposed || (_applied is not null && SameModel(_applied, target)))
                return;
            _applied = target;
            // A load still waiting for, or in, the registry is for settings the user has already changed again.
            _superseded.Cancel();
            _superseded = new CancellationTokenSource();
            Current = LoadAsync(target, _superseded.Token);
        }
    }

    /// <summary>At shutdown a load still in progress is abandoned, and later settings changes load nothing.</summary>
    public void Dispose()
    {
        lock (this)
        {
            if (_disposed)
                return;
            _disposed = true;
            _superseded.Cancel();
            _superseded.Dispose();
        }
    }

    private async Task<ModelStatus> LoadAsync(ModelRegistrySettings target, CancellationToken superseded)
    {
        var title = target.ActiveLabel is null ? "CodeAssist: unloading the model" : $"CodeAssist: loading {_sessionFormat.Display(target.ActiveLabel)}";
        using var progress = await _client.BeginProgressAsync(title, CancellationToken.None);
        ModelStatus status;
        try
        {
            status = await _model.ApplyAsync(target, new SynchronousProgress<ModelLoadProgress>(p =>
            {
                progress.Report(_sessionFormat.IsBlind ? "Loading the blind-test format" : p.Message, p.Fraction is { } f ? (int)(f * 100) : null);
                _status.Loading(p);
            }), superseded);
        }
        catch (OperationCanceledException) when (superseded.IsCancellationRequested)
        {
            _logger.LogInformation("Load of {Label} superseded by a newer settings change", target.ActiveLabel);
            progress.End("Superseded by a newer format choice");
            return _model.Status;
        }
        progress.End(_sessionFormat.IsBlind ? "Ready (format hidden for the blind test)" : status.Describe());
        // The user's message comes from StatusReporter, which sees failures after the load too.
        if (status.State is ModelState.Failed or ModelState.Unavailable)
            _logger.LogError("Model load failed: {Error}", status.Error);
        else if (status.Report is { } report)
        {
            _logger.LogInformation("Model {Label} loaded: {Report}", status.Label, report);
        }
        return status;
    }

    private ModelRegistrySettings ToRegistrySettings(CodeAssistSettings settings)
    {
        var host = new ModelHostSettings
        {
            GpuLayers = settings.GpuLayers,
            Threads = settings.Threads > 0 ? settings.Threads : new ModelHostSettings().Threads,
            ContextSize = (uint)Math.Max(512, settings.ContextSize),
            Backend = settings.InProcessBackend,
            NativeLibraryPath = string.IsNullOrWhiteSpace(settings.NativeLibraryPath) ? null : settings.NativeLibraryPath,
            FimTemplate = settings.FimTemplate,
            FimOrder = settings.FimOrder,
            CheckpointMemoryBytes = Math.Max(0L, settings.CheckpointMemoryMB) << 20,
        };
        var server = settings.UsesLlamaServer ? new LlamaServerEndpoint(new Uri(settings.ServerUrl.TrimEnd('/') + "/"), settings.ServerApiKey) : null;
        return new ModelRegistrySettings(settings.Models, _sessionFormat.Choose(settings), host, server);
    }

    private static bool SameModel(ModelRegistrySettings a, ModelRegistrySettings b) =>
        a.ActiveLabel == b.ActiveLabel && a.Host == b.Host && a.Server == b.Server
        && (a.ActiveLabel is null || a.Models.GetValueOrDefault(a.ActiveLabel) == b.Models.GetValueOrDefault(a.ActiveLabel));

    /// <summary>Reports on the calling thread: load progress must not be reordered behind its own end message.</summary>
}
