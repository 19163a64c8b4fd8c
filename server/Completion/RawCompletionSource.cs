using System.Collections.Concurrent;
using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Completion;

/// <summary>What the model (or, in tests, an injected text) produced for a prompt, before post-processing.</summary>
public sealed record RawCompletion(ActiveModel? Model, GenerationResult? Generation, string Text);

/// <summary>
/// Runs the hosted model on a FIM prompt. With CODEASSIST_TEST_SEAMS=1 a test can queue raw outputs
/// (<c>codeassist/test/injectCompletion</c>) that are served instead of the model's, one per request, so verdicts and
/// filters can be tested on hand-written suggestions through the real server.
/// </summary>
public sealed class RawCompletionSource(ModelRegistry registry)
{
    private readonly ConcurrentQueue<string> _injected = new();

    public void Inject(string text) => _injected.Enqueue(text);

    public bool HasInjected => !_injected.IsEmpty;

    /// <summary>The next injected answer, for the other model consumers (refactorings) that share the seam.</summary>
    public bool TryTakeInjected(out string text) => _injected.TryDequeue(out text!);

    public async Task<RawCompletion> CompleteAsync(FimRequest request, GenerationOptions options, CancellationToken cancellationToken)
    {
        if (_injected.TryDequeue(out var injected))
            return new RawCompletion(registry.TryGetModel(out _), null, injected);
        var (model, result) = await registry.CompleteAsync(request, options, cancellationToken: cancellationToken);
        return new RawCompletion(model, result, result.Text);
    }
}
