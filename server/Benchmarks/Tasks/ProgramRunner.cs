using System.Diagnostics;
using System.Globalization;

namespace CodeAssist.Benchmarks.Tasks;

public enum RunVerdict { Passed, Failed, TimedOut }

public sealed record ProgramRun(RunVerdict Verdict, int? ExitCode, string Output);

/// <summary>Limits for running an untrusted program: wall time (the whole process tree is killed past it) and managed heap.</summary>
public sealed record RunLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The runtime's GC heap hard limit: allocating past it throws OutOfMemoryException, a non-zero exit.</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;
}

/// <summary>
/// Runs a compiled program in a child <c>dotnet</c> process: the assembly and a runtimeconfig.json go to a temporary folder
/// that is deleted afterwards. Exit code 0 passes; a failed Debug.Assert (fail-fast) or an exception is a non-zero exit.
/// </summary>
public static class ProgramRunner
{
    private const int OutputLimit = 2000;

    public static async Task<ProgramRun> RunAsync(byte[] assembly, RunLimits limits, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "codeassist-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var program = Path.Combine(folder, "program.dll");
            await File.WriteAllBytesAsync(program, assembly, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "program.runtimeconfig.json"), RuntimeConfig(limits), cancellationToken);
            return await RunProcessAsync(program, limits.Timeout, cancellationToken);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>The dotnet host that runs this process when started by the CLI, else the one on PATH.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static async Task<ProgramRun> RunProcessAsync(string program, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost, [program])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(program)!,
        };
        // no crash dumps from a failed assert (fail-fast), no tiering delays for these short programs
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {DotnetHost}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProgramRun(RunVerdict.TimedOut, null, Tail(await stdout + await stderr));
        }
        var output = Tail(await stdout + await stderr);
        return new ProgramRun(process.ExitCode == 0 ? RunVerdict.Passed : RunVerdict.Failed, process.ExitCode, output);
    }

    private static string RuntimeConfig(RunLimits limits) => string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "runtimeOptions": {
            "tfm": "net10.0",
            "framework": { "name": "Microsoft.NETCore.App", "version": "10.0.0" },
            "configProperties": {
              "System.GC.HeapHardLimit": {{limits.MemoryBytes}},
              "System.GC.Concurrent": false,
              "System.Globalization.Invariant": true
            }
          }
        }
        """);

    private static string Tail(string text) => text.Length <= OutputLimit ? text : text[^OutputLimit..];

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a killed process may hold the file a moment longer; the OS temp cleaner gets it later
        }
    }
}
