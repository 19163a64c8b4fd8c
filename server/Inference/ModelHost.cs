using System.Diagnostics;
using System.Text;
using CodeAssist.Server.Models;
using LLama;
using LLama.Common;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>One loaded GGUF model with its long-lived context, FIM template and inference session.</summary>
public sealed class ModelHost : IAsyncDisposable, IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly NativeLifetime _lifetime;
    private int _disposed;

    private ModelHost(GgufFile file, LLamaWeights weights, LLamaContext context, ModelParams parameters, ModelHostSettings settings)
    {
        File = file;
        Parameters = parameters;
        _lifetime = new NativeLifetime(Path.GetFileName(file.Parts[0].Path));
        _weights = weights;
        _context = context;
        Vocabulary = new ModelVocabulary(weights);
        Template = FimTemplate.Detect(Vocabulary.SpecialTokenTexts, settings.FimTemplate) is { } template
            ? template with { Order = FimOrders.Resolve(settings.FimOrder, file.GetString(FimOrders.MetadataKey)) }
            : null;
        PromptBuilder = Template is null ? null : new FimPromptBuilder(Template, Vocabulary);
        var markerTokens = (Template?.Markers ?? [])
            .Select(m => FimTemplate.FindMarker(Vocabulary.SpecialTokenTexts, m))
            .OfType<string>()
            .Select(m => Vocabulary.SpecialTokens[m])
            .ToHashSet();
        Session = new InferenceSession(weights, context, Vocabulary.IsEndOfGeneration, markerTokens, settings.CheckpointMemoryBytes);
    }

    /// <summary>What our GGUF reader saw in the file (architecture, metadata, tensor types).</summary>
    public GgufFile File { get; }

    public string Architecture => File.Architecture;

    public ModelVocabulary Vocabulary { get; }

    /// <summary>The FIM template (detected from the vocabulary or chosen by setting); null when the model has no FIM tokens.</summary>
    public FimTemplate? Template { get; }

    public FimPromptBuilder? PromptBuilder { get; }

    public InferenceSession Session { get; }

    public LoadReport Report { get; private set; } = null!;

    /// <summary>The model handle, for code that drives llama.cpp directly (the bare-loop benchmark).</summary>
    public LLamaWeights Weights => _weights;

    /// <summary>The llama.cpp parameters this model and its context were made with.</summary>
    public ModelParams Parameters { get; }

    public static async Task<ModelHost> LoadAsync(
        string path, ModelHostSettings settings, IProgress<float>? progress = null, CancellationToken cancellationToken = default)
    {
        var file = ModelFileValidator.Validate(path);
        NativeBackend.Ensure(settings.Backend, settings.NativeLibraryPath, path);
        // Only the host's memory is checked: with a GPU the weights and cache go to VRAM, which llama.cpp reports itself.
        if (!NativeBackend.LoadedWithCuda && MemoryCheck.AvailableBytes() is { } available)
            MemoryCheck.EnsureFits(file, settings.ContextSize, available);

        var residentBefore = ProcessMemory.ResidentBytes();
        var clock = Stopwatch.StartNew();
        var parameters = new ModelParams(file.Parts[0].Path)
        {
            ContextSize = settings.ContextSize,
            GpuLayerCount = settings.GpuLayers < 0 ? 999 : settings.GpuLayers,
            Threads = settings.Threads,
            BatchThreads = settings.Threads,
            BatchSize = settings.BatchSize,
            UBatchSize = settings.BatchSize,
            SeqMax = 1,
        };

        LLamaWeights weights;
        try
        {
            weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken, progress).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ModelLoadException(path, $"llama.cpp could not load the weights (unsupported tensors or out of memory?): {e.Message}", e);
        }

        LLamaContext context;
        try
        {
            context = weights.CreateContext(parameters);
        }
        catch (Exception e)
        {
            weights.Dispose();
            throw new ModelLoadException(path, $"could not create a context of {settings.ContextSize} tokens (out of memory?): {e.Message}", e);
        }

        var host = new ModelHost(file, weights, context, parameters, settings);
        host.Report = host.BuildReport(settings, clock.Elapsed, ProcessMemory.ResidentBytes() - residentBefore);
        return host;
    }

    /// <summary>
    /// A lease for calling into this model's native state (the vocabulary, the weights, the context) outside the
    /// methods here, which take one themselves; unloading waits until it is disposed.
    /// Throws <see cref="ModelUnloadedException"/> once unloading has begun.
    /// </summary>
    public NativeLifetime.Lease Lease() => _lifetime.Acquire();

    /// <summary>
    /// Builds a FIM prompt and generates the middle; throws when the model has no FIM template, and
    /// <see cref="ModelUnloadedException"/> when a format switch unloads the model meanwhile (the caller retries on the next).
    /// </summary>
    public async Task<GenerationResult> CompleteAsync(
        FimRequest request, GenerationOptions options, Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        var builder = PromptBuilder ?? throw new InvalidOperationException(
            $"{Path.GetFileName(File.Parts[0].Path)} has no fill-in-the-middle tokens; set codeassist.fimTemplate to force one.");
        using var lease = _lifetime.Acquire();
        var prompt = builder.Build(request);
        var result = await UntilUnloadedAsync(
            token => Session.GenerateAsync(prompt.Tokens, prompt.StablePositions, options with { RequiredStart = prompt.Healed }, onText, token),
            cancellationToken).ConfigureAwait(false);
        return result with { PromptParts = prompt.Counts };
    }

    /// <summary>
    /// Runs a generation that a format switch may interrupt: it stops early when unloading begins, and the caller then
    /// gets <see cref="ModelUnloadedException"/> instead of a cut-off answer from the old model.
    /// </summary>
    public async Task<GenerationResult> UntilUnloadedAsync(Func<CancellationToken, Task<GenerationResult>> generate, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Closing);
        try
        {
            var result = await generate(stop.Token).ConfigureAwait(false);
            if (_lifetime.IsClosing && !cancellationToken.IsCancellationRequested)
                throw new ModelUnloadedException(Path.GetFileName(File.Parts[0].Path));
            return result;
        }
        catch (OperationCanceledException) when (_lifetime.IsClosing && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelUnloadedException(Path.GetFileName(File.Parts[0].Path));
        }
    }

    /// <summary>
    /// Formats a conversation with the model's tokenizer.chat_template (llama_chat_apply_template, which recognises the
    /// common template families), or with a named built-in template such as "chatml" when given.
    /// </summary>
    public string FormatChat(IEnumerable<(string Role, string Content)> messages, string? templateOverride = null)
    {
        using var lease = _lifetime.Acquire();
        var template = templateOverride is null ? new LLamaTemplate(_weights) : new LLamaTemplate(templateOverride);
        template.AddAssistant = true;
        foreach (var (role, content) in messages)
            template.Add(role, content);
        return Encoding.UTF8.GetString(template.Apply());
    }

    public IReadOnlyList<LLamaToken> Tokenize(string text)
    {
        using var lease = _lifetime.Acquire();
        return Vocabulary.Tokenize(text);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // No new native call starts; a generation in flight stops at its next token; then wait for every lease.
        var idle = _lifetime.CloseAsync();
        await Session.CloseAsync().ConfigureAwait(false);
        await idle.ConfigureAwait(false);
        _context.Dispose();
        _weights.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private LoadReport BuildReport(ModelHostSettings settings, TimeSpan loadTime, long residentDelta)
    {
        // llama.cpp offloads the repeating layers plus the output layer, so n_layer + 1 is "all".
        var layerCount = _weights.NativeHandle.LayerCount + 1;
        var offloaded = NativeApi.llama_supports_gpu_offload()
            ? settings.GpuLayers < 0 ? layerCount : Math.Min(settings.GpuLayers, layerCount)
            : 0;
        var devices = NativeBackend.DeviceNames();
        var device = offloaded > 0 ? devices.FirstOrDefault(d => !d.StartsWith("CPU", StringComparison.OrdinalIgnoreCase)) ?? "CPU" : "CPU";
        var modelBytes = (long)_weights.SizeInBytes;
        return new LoadReport(
            File.Parts[0].Path,
            Architecture,
            NativeBackend.LoadedWithCuda ? "cuda" : "cpu",
            device,
            offloaded,
            layerCount,
            modelBytes,
            residentDelta,
            modelBytes * offloaded / layerCount,
            loadTime,
            _context.ContextSize,
            settings.Threads,
            Template is { } template ? $"{template.Kind} ({template.Order.Word()})" : "none",
            Session.UsesCheckpoints ? settings.CheckpointMemoryBytes : null);
    }
}
