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
    private int _disposed;

    private ModelHost(GgufFile file, LLamaWeights weights, LLamaContext context, ModelParams parameters, ModelHostSettings settings)
    {
        File = file;
        Parameters = parameters;
        _weights = weights;
        _context = context;
        Vocabulary = new ModelVocabulary(weights);
        Template = FimTemplate.Detect(Vocabulary.SpecialTokenTexts, settings.FimTemplate);
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
    internal LLamaWeights Weights => _weights;

    /// <summary>The llama.cpp parameters this model and its context were made with.</summary>
    internal ModelParams Parameters { get; }

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

    /// <summary>Builds a FIM prompt and generates the middle; throws when the model has no FIM template.</summary>
    public async Task<GenerationResult> CompleteAsync(
        FimRequest request, GenerationOptions options, Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        var builder = PromptBuilder ?? throw new InvalidOperationException(
            $"{Path.GetFileName(File.Parts[0].Path)} has no fill-in-the-middle tokens; set codeassist.fimTemplate to force one.");
        var prompt = builder.Build(request);
        var result = await Session.GenerateAsync(prompt.Tokens, prompt.StablePositions, options, onText, cancellationToken).ConfigureAwait(false);
        return result with { PromptParts = prompt.Counts };
    }

    /// <summary>
    /// Formats a conversation with the model's tokenizer.chat_template (llama_chat_apply_template, which recognises the
    /// common template families), or with a named built-in template such as "chatml" when given.
    /// </summary>
    public string FormatChat(IEnumerable<(string Role, string Content)> messages, string? templateOverride = null)
    {
        var template = templateOverride is null ? new LLamaTemplate(_weights) : new LLamaTemplate(templateOverride);
        template.AddAssistant = true;
        foreach (var (role, content) in messages)
            template.Add(role, content);
        return Encoding.UTF8.GetString(template.Apply());
    }

    public IReadOnlyList<LLamaToken> Tokenize(string text) => Vocabulary.Tokenize(text);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await Session.CloseAsync().ConfigureAwait(false);
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
            Template?.Kind.ToString() ?? "none",
            Session.UsesCheckpoints ? settings.CheckpointMemoryBytes : null);
    }
}
