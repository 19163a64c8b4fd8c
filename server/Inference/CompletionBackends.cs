using CodeAssist.Server.Inference.LlamaServer;

namespace CodeAssist.Server.Inference;

/// <summary>
/// The production <see cref="ICompletionModel"/>: the settings choose the backend (codeassist.backend "llama-server" sets
/// <see cref="ModelRegistrySettings.Server"/>), and switching turns the other one off, so an in-process model's memory is
/// freed when a llama-server takes over. Status comes from the chosen backend only.
/// </summary>
public sealed class CompletionBackends : ICompletionModel
{
    private readonly InProcessModel _inProcess;
    private readonly LlamaServerBackend _server;
    private volatile ICompletionModel _chosen;

    public CompletionBackends(InProcessModel inProcess, LlamaServerBackend server)
    {
        _inProcess = inProcess;
        _server = server;
        _chosen = inProcess;
        inProcess.StatusChanged += status => Forward(inProcess, status);
        server.StatusChanged += status => Forward(server, status);
    }

    public event Action<ModelStatus>? StatusChanged;

    public ModelStatus Status => _chosen.Status;

    public ServedModel? Current => _chosen.Current;

    public bool Serves => _chosen.Serves;

    public async Task<ModelStatus> ApplyAsync(ModelRegistrySettings settings, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken)
    {
        ICompletionModel chosen = settings.Server is null ? _inProcess : _server;
        var other = chosen == _inProcess ? (ICompletionModel)_server : _inProcess;
        _chosen = chosen;
        await other.ApplyAsync(settings with { ActiveLabel = null }, progress, cancellationToken).ConfigureAwait(false);
        return await chosen.ApplyAsync(settings, progress, cancellationToken).ConfigureAwait(false);
    }

    public Task<RawCompletion> CompleteAsync(FimRequest request, GenerationOptions options, CancellationToken cancellationToken) =>
        _chosen.CompleteAsync(request, options, cancellationToken);

    public Task<string> ChatAsync(IReadOnlyList<ChatMessage> messages, GenerationOptions options, Action<string> onText, CancellationToken cancellationToken) =>
        _chosen.ChatAsync(messages, options, onText, cancellationToken);

    private void Forward(ICompletionModel backend, ModelStatus status)
    {
        if (backend == _chosen)
            StatusChanged?.Invoke(status);
    }
}
