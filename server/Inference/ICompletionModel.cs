using CodeAssist.Server.Models;

namespace CodeAssist.Server.Inference;

/// <summary>
/// The model behind completions and refactors, wherever it runs: loaded in this process (<see cref="InProcessModel"/>) or
/// served by llama.cpp's own server (<see cref="LlamaServer.LlamaServerBackend"/>). The serving path knows only this
/// interface, so tests substitute a double through the composition root instead of branching in production code.
/// </summary>
public interface ICompletionModel
{
    ModelStatus Status { get; }

    event Action<ModelStatus>? StatusChanged;

    /// <summary>The ready model, for telemetry and prompt sizing; null while none is.</summary>
    ServedModel? Current { get; }

    /// <summary>
    /// Whether a completion asked now can be answered, at once or after a load or reconnection in progress; false while no
    /// model is configured or the configuration is wrong, so callers skip building a prompt nobody will read.
    /// </summary>
    bool Serves { get; }

    /// <summary>Loads or switches to the configured model, reporting progress; a failure ends as the returned status.</summary>
    Task<ModelStatus> ApplyAsync(ModelRegistrySettings settings, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// A fill-in-the-middle completion with the generation's timings; <see cref="GenerationOptions.IsComplete"/> and the
    /// token end it early. Throws <see cref="ModelUnavailableException"/> when no model can answer.
    /// </summary>
    Task<RawCompletion> CompleteAsync(FimRequest request, GenerationOptions options, CancellationToken cancellationToken);

    /// <summary>A chat answer (refactors), streamed to <paramref name="onText"/>; throws <see cref="GenerationFailedException"/> when the model cannot be asked.</summary>
    Task<string> ChatAsync(IReadOnlyList<ChatMessage> messages, GenerationOptions options, Action<string> onText, CancellationToken cancellationToken);
}

/// <summary>What the model (or, in tests, an injected text) produced for a prompt, before post-processing.</summary>
public sealed record RawCompletion(ServedModel? Model, GenerationResult? Generation, string Text);

/// <summary>Where and how a model runs, for the session-start telemetry event.</summary>
public sealed record ModelRuntime(string Backend, string Device, int GpuLayers, int Threads, int ContextSize);

/// <summary>
/// The identity of the model that serves requests, whichever backend runs it: the user's label, the backend
/// ("in-process" or "llama-server"), what the file really is, and its context. <see cref="LoadId"/> is known at once,
/// unlike the fingerprint, whose sha256 takes a while on a large file.
/// </summary>
public sealed record ServedModel(string Label, string Backend, Guid LoadId, Task<ModelFingerprint> Fingerprint, ModelRuntime Runtime)
{
    /// <summary>Counts tokens with the model's own vocabulary (or, where that costs a round trip, estimates for it); null when it cannot now.</summary>
    public Func<string, int?>? Tokenizer { get; init; }

    /// <summary>The model's count, or an estimate of four characters a token where the model cannot count now.</summary>
    public int CountTokens(string text) => Tokenizer?.Invoke(text) ?? EstimateTokens(text);

    public static int EstimateTokens(string text) => Math.Max(1, text.Length / 4);
}

/// <summary>The model could not be asked (no model, a prompt too long, a server that refused); the message says why.</summary>
public sealed class GenerationFailedException(string message, Exception? inner = null) : Exception(message, inner);
