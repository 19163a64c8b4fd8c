using System.Runtime.CompilerServices;

namespace CodeAssist.Server.Inference;

/// <summary>The model loaded in this process by llama.cpp (through <see cref="ModelRegistry"/>), as an <see cref="ICompletionModel"/>.</summary>
public sealed class InProcessModel : ICompletionModel
{
    public const string BackendName = "in-process";

    private readonly ModelRegistry _registry;
    private readonly ConditionalWeakTable<ActiveModel, ServedModel> _served = [];

    public InProcessModel(ModelRegistry registry)
    {
        _registry = registry;
        registry.StatusChanged += status => StatusChanged?.Invoke(status);
    }

    public event Action<ModelStatus>? StatusChanged;

    public ModelStatus Status => _registry.Status;

    public ServedModel? Current => _registry.TryGetModel(out _) is { } model ? Served(model) : null;

    public bool Serves => _registry.Status.State is ModelState.Loading or ModelState.Ready;

    public Task<ModelStatus> ApplyAsync(ModelRegistrySettings settings, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken) =>
        _registry.ApplyAsync(settings, progress, cancellationToken);

    public async Task<RawCompletion> CompleteAsync(FimRequest request, GenerationOptions options, CancellationToken cancellationToken)
    {
        var (model, result) = await _registry.CompleteAsync(request, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RawCompletion(Served(model), result, result.Text);
    }

    public Task<string> ChatAsync(IReadOnlyList<ChatMessage> messages, GenerationOptions options, Action<string> onText, CancellationToken cancellationToken) =>
        new ModelChat(async token =>
        {
            try
            {
                return (await _registry.WaitForModelAsync(token).ConfigureAwait(false)).Host;
            }
            catch (ModelUnavailableException e)
            {
                throw new GenerationFailedException(e.Message, e);
            }
        }, options).GenerateAsync(messages, onText, cancellationToken);

    /// <summary>One identity per load, so telemetry and the suggestion cache see the same object for the model's lifetime.</summary>
    private ServedModel Served(ActiveModel model) => _served.GetValue(model, m =>
    {
        var report = m.Host.Report;
        return new ServedModel(m.Label, BackendName, m.LoadId, m.Fingerprint,
            new ModelRuntime(report.Backend, report.Device, report.LayersOffloaded, report.Threads, m.Host.Session.ContextSize))
        {
            Tokenizer = text => CountTokens(m.Host, text),
        };
    });

    /// <summary>Null while a format switch unloads the model, so the caller estimates instead.</summary>
    private static int? CountTokens(ModelHost host, string text)
    {
        try
        {
            return host.Tokenize(text).Count;
        }
        catch (ModelUnloadedException)
        {
            return null;
        }
    }
}
