using System.Collections.Concurrent;

namespace CodeAssist.Server.Inference;

/// <summary>
/// The test seam of process-level tests (<c>codeassist/test/injectCompletion</c>, served only with
/// CODEASSIST_TEST_SEAMS=1): queued texts answer completions and refactors one per request, before the real model, so
/// verdicts and filters can be tested on hand-written suggestions. The composition root registers it only when the
/// server's options ask for test seams; the serving path never knows.
/// </summary>
public sealed class InjectedCompletionModel(ICompletionModel model) : ICompletionModel
{
    private readonly ConcurrentQueue<string> _answers = new();

    public void Enqueue(string text) => _answers.Enqueue(text);

    public ModelStatus Status => model.Status;

    public event Action<ModelStatus>? StatusChanged
    {
        add => model.StatusChanged += value;
        remove => model.StatusChanged -= value;
    }

    public ServedModel? Current => model.Current;

    public bool Serves => !_answers.IsEmpty || model.Serves;

    public Task<ModelStatus> ApplyAsync(ModelRegistrySettings settings, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken) =>
        model.ApplyAsync(settings, progress, cancellationToken);

    public Task<RawCompletion> CompleteAsync(FimRequest request, GenerationOptions options, CancellationToken cancellationToken) =>
        _answers.TryDequeue(out var text)
            ? Task.FromResult(new RawCompletion(model.Current, null, text))
            : model.CompleteAsync(request, options, cancellationToken);

    public Task<string> ChatAsync(IReadOnlyList<ChatMessage> messages, GenerationOptions options, Action<string> onText, CancellationToken cancellationToken) =>
        _answers.TryDequeue(out var text) ? Task.FromResult(text) : model.ChatAsync(messages, options, onText, cancellationToken);
}
