using System.Text.Json.Serialization;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Configuration;

/// <summary>The <c>codeassist.*</c> settings. Defaults here are the documented defaults.</summary>
public sealed record CodeAssistSettings
{
    /// <summary>Format label -> GGUF path (first part of a split model), or the model name a llama-server router knows.</summary>
    public Dictionary<string, string> Models { get; init; } = [];

    /// <summary>The active label, a key of <see cref="Models"/>.</summary>
    public string? QuantFormat { get; init; }

    /// <summary>Layers to offload to the GPU; -1 means all.</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>Inference threads; 0 picks from the core count.</summary>
    public int Threads { get; init; }

    public int ContextSize { get; init; } = 4096;

    /// <summary>In process: auto, cpu or cuda12 (llama.cpp's native backend); or llama-server, at <see cref="ServerUrl"/>.</summary>
    public BackendChoice Backend { get; init; } = BackendChoice.Auto;

    public bool UsesLlamaServer => Backend == BackendChoice.LlamaServer;

    /// <summary>The native backend an in-process model loads with; auto when the model is llama-server's.</summary>
    public LlamaBackend InProcessBackend => Backend switch
    {
        BackendChoice.Cpu => LlamaBackend.Cpu,
        BackendChoice.Cuda12 => LlamaBackend.Cuda12,
        _ => LlamaBackend.Auto,
    };

    public const string LlamaServerBackendName = "llama-server";

    public string ServerUrl { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Sent as a Bearer token; left out of the settings log line.</summary>
    [JsonIgnore]
    public string? ServerApiKey { get; init; }

    /// <summary>A user-built libllama (e.g. with CUDA) used instead of the bundled one.</summary>
    public string? NativeLibraryPath { get; init; }

    /// <summary>auto (from the model's tokens), qwen, codellama, starcoder or deepseek.</summary>
    public FimTemplateChoice FimTemplate { get; init; } = FimTemplateChoice.Auto;

    /// <summary>auto (what the model declares, else psm), psm or spm: whether the suffix goes after or before the prefix.</summary>
    public FimOrder FimOrder { get; init; } = FimOrder.Auto;

    /// <summary>Most tokens generated for one completion.</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Wall-time budget of one completion's prompt evaluation and generation.</summary>
    public int CompletionTimeoutMs { get; init; } = 5000;

    /// <summary>Token budgets of the text before and after the cursor in the prompt.</summary>
    public int PrefixTokens { get; init; } = 1536;

    /// <summary>
    /// Small on purpose: fill-in-the-middle puts the suffix after the prefix, so every keystroke re-evaluates it;
    /// 128 tokens keep about 90% of the prompt in the KV cache from one keystroke to the next.
    /// </summary>
    public int SuffixTokens { get; init; } = 128;

    /// <summary>Time Roslyn may take to check one candidate; past it the verdict is "unchecked".</summary>
    public int VerifyBudgetMs { get; init; } = 150;

    /// <summary>filter, annotate or off.</summary>
    public VerifyMode Verify { get; init; } = VerifyMode.Filter;

    /// <summary>Memory cap of the recurrent-state checkpoints that let a hybrid model (qwen3next) reuse its prompt; 0 turns them off.</summary>
    public int CheckpointMemoryMB { get; init; } = 512;

    /// <summary>Blind A/B mode: a random configured format per session, hidden until export.</summary>
    public bool AbTest { get; init; }

    public TelemetrySettings Telemetry { get; init; } = new();

    public static CodeAssistSettings Default { get; } = new();
}

/// <summary>The <c>codeassist.backend</c> setting; each value's JSON name is the setting's word.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BackendChoice>))]
public enum BackendChoice
{
    /// <summary>In process, CUDA when llama.cpp finds a GPU, else the CPU.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,
    [JsonStringEnumMemberName("cpu")]
    Cpu,
    [JsonStringEnumMemberName("cuda12")]
    Cuda12,
    /// <summary>llama.cpp's server at <see cref="CodeAssistSettings.ServerUrl"/>, not in process.</summary>
    [JsonStringEnumMemberName(CodeAssistSettings.LlamaServerBackendName)]
    LlamaServer,
}

public sealed record TelemetrySettings
{
    public bool Enabled { get; init; } = true;

    public bool IncludeCode { get; init; }

    /// <summary>A shown suggestion not accepted within this many seconds counts as rejected (Continue's rule).</summary>
    public int RejectAfterSeconds { get; init; } = 10;
}
