namespace CodeAssist.Server.Inference;

public enum LlamaBackend { Cpu, Cuda12, Auto }

/// <summary>How one model is loaded: mirrors the codeassist.gpuLayers/threads/contextSize/backend/nativeLibraryPath settings.</summary>
public sealed record ModelHostSettings
{
    /// <summary>Layers to offload to the GPU; a negative value offloads all of them.</summary>
    public int GpuLayers { get; init; } = -1;

    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    public uint ContextSize { get; init; } = 4096;

    /// <summary>Tokens per llama_decode call while evaluating a prompt.</summary>
    public uint BatchSize { get; init; } = 512;

    public LlamaBackend Backend { get; init; } = LlamaBackend.Auto;

    /// <summary>A user-built libllama (e.g. with CUDA); null uses the one shipped with LLamaSharp.</summary>
    public string? NativeLibraryPath { get; init; }

    public FimTemplateChoice FimTemplate { get; init; } = FimTemplateChoice.Auto;

    public FimOrder FimOrder { get; init; } = FimOrder.Auto;

    /// <summary>Memory cap of the state checkpoints a recurrent or hybrid model keeps for prompt reuse (codeassist.checkpointMemoryMB); 0 keeps none.</summary>
    public long CheckpointMemoryBytes { get; init; } = 512L << 20;

    public static LlamaBackend ParseBackend(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => LlamaBackend.Auto,
        "cpu" => LlamaBackend.Cpu,
        "cuda12" or "cuda" => LlamaBackend.Cuda12,
        _ => throw new ArgumentException($"Unknown backend '{value}'; expected cpu, cuda12 or auto.", nameof(value)),
    };
}
