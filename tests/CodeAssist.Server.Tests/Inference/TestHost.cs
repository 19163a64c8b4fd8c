using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Tests.Inference;

/// <summary>Host settings for inference tests: one llama.cpp thread (the machine's cores are shared), a small context.</summary>
internal static class TestHost
{
    public static readonly ModelHostSettings Settings = new() { Threads = 1, ContextSize = 512, BatchSize = 128, Backend = LlamaBackend.Cpu };
}
