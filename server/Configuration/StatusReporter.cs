using CodeAssist.Server.Inference;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Configuration;

/// <summary>The <c>codeassist/status</c> notification the extension's status bar shows.</summary>
public sealed record StatusNotification(
    string State,
    string? Format,
    string? Message = null,
    double? LastLatencyMs = null,
    double? TokensPerSecond = null,
    LastCompletion? Completion = null,
    double? Progress = null);

/// <summary>
/// Where the last completion's time went: the model's share, how much of its prompt the KV cache reused and by which path
/// (<see cref="CacheReuse"/>), and for a recurrent or hybrid model its state checkpoints.
/// </summary>
public sealed record LastCompletion(double ModelMs, int PromptTokens, int ReusedPromptTokens, CacheReuse? Reuse = null, CheckpointStats? Checkpoints = null);

/// <summary>
/// The status bar's state, and one window message each time the model fails or becomes unavailable (the backends raise a
/// status only when it changes, so a server that stays down is one message, not one per keystroke).
/// </summary>
public sealed class StatusReporter
{
    public const string Method = "codeassist/status";

    private readonly LanguageClient _client;
    private readonly SessionFormat _sessionFormat;
    private ModelStatus _model = new(ModelState.Off, null, null);
    private int _loadedPercent = -1;

    public StatusReporter(ICompletionModel model, LanguageClient client, SessionFormat sessionFormat)
    {
        _client = client;
        _sessionFormat = sessionFormat;
        model.StatusChanged += status =>
        {
            _model = status;
            _loadedPercent = -1;
            Send(null, null);
            if (status.State is ModelState.Failed or ModelState.Unavailable)
                _client.ShowMessage(MessageType.Error, $"CodeAssist: {status.Describe()}");
        };
    }

    /// <summary>While a model loads: the fraction read so far, once per whole percent (llama.cpp reports far more often).</summary>
    public void Loading(ModelLoadProgress progress)
    {
        if (_model.State != ModelState.Loading || progress.Fraction is not { } fraction || (int)(fraction * 100) == _loadedPercent)
            return;
        _loadedPercent = (int)(fraction * 100);
        Send(null, null, progress: fraction);
    }

    /// <summary>After each completion: what the user waited and how fast the model generated.</summary>
    public void Completed(double latencyMs, GenerationResult? generation) =>
        Send(latencyMs, generation?.Timings.GeneratedTokensPerSecond ?? 0, generation is null ? null : new LastCompletion(
            (generation.Timings.QueueWait + generation.Timings.PromptEval + generation.Timings.Generation).TotalMilliseconds,
            generation.PromptTokens, generation.ReusedPromptTokens, generation.CacheReuse, generation.Checkpoints));

    private void Send(double? latencyMs, double? tokensPerSecond, LastCompletion? completion = null, double? progress = null)
    {
        var state = _model.State switch
        {
            ModelState.Loading => "loading",
            ModelState.Ready => "ready",
            ModelState.Failed or ModelState.Unavailable => "error",
            _ => "off",
        };
        var format = _sessionFormat.IsBlind ? null : _model.Label;
        var message = _sessionFormat.IsBlind && _model.State is not (ModelState.Failed or ModelState.Unavailable) ? "Blind A/B test: the format is revealed in the export." : _model.Describe();
        _client.Notify(Method, new StatusNotification(state, format, message, latencyMs, tokensPerSecond, completion, progress));
    }
}
