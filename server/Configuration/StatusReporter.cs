using CodeAssist.Server.Inference;
using CodeAssist.Server.Lsp;

namespace CodeAssist.Server.Configuration;

/// <summary>The <c>codeassist/status</c> notification the extension's status bar shows.</summary>
public sealed record StatusNotification(
    string State,
    string? Format,
    string? Message = null,
    double? LastLatencyMs = null,
    double? TokensPerSecond = null,
    LastCompletion? Completion = null);

/// <summary>Where the last completion's time went: the model's share and how much of its prompt the KV cache reused.</summary>
public sealed record LastCompletion(double ModelMs, int PromptTokens, int ReusedPromptTokens);

public sealed class StatusReporter
{
    public const string Method = "codeassist/status";

    private readonly LanguageClient _client;
    private readonly SessionFormat _sessionFormat;
    private ModelStatus _model = new(ModelState.Off, null, null);

    public StatusReporter(ModelRegistry registry, LanguageClient client, SessionFormat sessionFormat)
    {
        _client = client;
        _sessionFormat = sessionFormat;
        registry.StatusChanged += status =>
        {
            _model = status;
            Send(null, null);
        };
    }

    /// <summary>After each completion: what the user waited and how fast the model generated.</summary>
    public void Completed(double latencyMs, GenerationResult? generation) =>
        Send(latencyMs, generation?.Timings.GeneratedTokensPerSecond ?? 0, generation is null ? null : new LastCompletion(
            (generation.Timings.QueueWait + generation.Timings.PromptEval + generation.Timings.Generation).TotalMilliseconds,
            generation.PromptTokens, generation.ReusedPromptTokens));

    private void Send(double? latencyMs, double? tokensPerSecond, LastCompletion? completion = null)
    {
        var state = _model.State switch
        {
            ModelState.Loading => "loading",
            ModelState.Ready => "ready",
            ModelState.Failed => "error",
            _ => "off",
        };
        var format = _sessionFormat.IsBlind ? null : _model.Label;
        var message = _sessionFormat.IsBlind && _model.State != ModelState.Failed ? "Blind A/B test: the format is revealed in the export." : _model.Describe();
        _client.Notify(Method, new StatusNotification(state, format, message, latencyMs, tokensPerSecond, completion));
    }
}
