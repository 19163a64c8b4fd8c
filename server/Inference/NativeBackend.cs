using System.Runtime.InteropServices;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Chooses which libllama LLamaSharp loads. llama.cpp can be loaded once per process, so the first model load fixes the
/// backend and library path; asking for a different one later is an error that tells the user to restart.
/// </summary>
public static class NativeBackend
{
    private static readonly Lock Gate = new();
    private static (LlamaBackend Backend, string? LibraryPath)? _applied;

    // Held in a static field: native code keeps calling it for the life of the process.
    private static readonly NativeLogConfig.LLamaLogCallback WarningsToStandardError = LogWarnings;
    private static LLamaLogLevel _lastLevel = LLamaLogLevel.Info;

    public static void Ensure(LlamaBackend backend, string? nativeLibraryPath, string modelPath)
    {
        var libraryPath = string.IsNullOrWhiteSpace(nativeLibraryPath) ? null : Path.GetFullPath(nativeLibraryPath);
        lock (Gate)
        {
            if (_applied is { } applied)
            {
                if (applied.Backend != backend || applied.LibraryPath != libraryPath)
                    throw new ModelLoadException(modelPath,
                        $"llama.cpp is already loaded ({Describe(applied.Backend, applied.LibraryPath)}); " +
                        $"switching to {Describe(backend, libraryPath)} needs a server restart");
                return;
            }
            if (NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                // Something in this process already touched llama.cpp with LLamaSharp's defaults.
                if (libraryPath is not null || backend == LlamaBackend.Cuda12)
                    throw new ModelLoadException(modelPath,
                        $"llama.cpp was already loaded with the default library before {Describe(backend, libraryPath)} " +
                        "could be applied; restart the server");
                Applied(backend, libraryPath);
                return;
            }
            if (libraryPath is not null)
            {
                if (!File.Exists(libraryPath))
                    throw new ModelLoadException(modelPath, $"native library '{libraryPath}' does not exist");
                NativeLibraryConfig.All.WithLibrary(libraryPath, null);
            }
            NativeLibraryConfig.All.WithCuda(backend != LlamaBackend.Cpu).WithAutoFallback(backend == LlamaBackend.Auto);
            try
            {
                NativeApi.llama_empty_call();
            }
            catch (Exception e)
            {
                throw new ModelLoadException(modelPath, $"llama.cpp could not be loaded for {Describe(backend, libraryPath)}: {e.Message}", e);
            }
            Applied(backend, libraryPath);
        }
    }

    private static void Applied(LlamaBackend backend, string? libraryPath)
    {
        _applied = (backend, libraryPath);
        NativeLogConfig.llama_log_set(WarningsToStandardError);
    }

    /// <summary>llama.cpp logs every tensor at load; only warnings and errors reach stderr (stdout carries the LSP protocol).</summary>
    private static void LogWarnings(LLamaLogLevel level, string message)
    {
        if (level != LLamaLogLevel.Continue)
            _lastLevel = level;
        if (_lastLevel is LLamaLogLevel.Warning or LLamaLogLevel.Error)
            Console.Error.Write(message);
    }

    /// <summary>Names of the ggml devices llama.cpp sees (e.g. "CPU", "CUDA0").</summary>
    public static IReadOnlyList<string> DeviceNames()
    {
        var count = (int)NativeApi.ggml_backend_dev_count();
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var device = NativeApi.ggml_backend_dev_get((nuint)i);
            names.Add(Marshal.PtrToStringUTF8(NativeApi.ggml_backend_dev_name(device)) ?? $"device{i}");
        }
        return names;
    }

    public static bool LoadedWithCuda => NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama)?.Metadata?.UseCuda ?? false;

    private static string Describe(LlamaBackend backend, string? libraryPath) =>
        libraryPath is null ? $"backend {backend.ToString().ToLowerInvariant()}" : $"library '{libraryPath}'";
}
