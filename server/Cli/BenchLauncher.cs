using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CodeAssist.Server.Cli;

/// <summary>
/// <c>codeassist bench ...</c>. The benchmarks are their own executable, <c>codeassist-bench</c>, installed beside this one
/// so that the language server's assembly carries none of their code. This runs it with the same arguments and the same
/// stdio, hands on Ctrl-C and termination, and returns its exit code, so the verbs behave as they did in this process.
/// </summary>
public static partial class BenchLauncher
{
    public const string Name = "bench";

    public const string Description = "Benchmarks: they print numbers; none of them is a test.";

    /// <summary>The line in <c>codeassist --help</c>; Program.cs hands <c>bench</c> arguments on before this parser sees them.</summary>
    public static Command HelpEntry() => new(Name, Description);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var start = SiblingExecutable.StartInfo("codeassist-bench", arguments);
        if (start is null)
        {
            await Console.Error.WriteLineAsync($"codeassist bench: codeassist-bench is not installed beside codeassist in {SiblingExecutable.Directory} " +
                                               "(build or publish server/Benchmarks/CodeAssist.Benchmarks.csproj into that folder).");
            return 1;
        }
        using var bench = Process.Start(start)!;
        // Ctrl-C in a terminal reaches the benchmark too (one process group); a signal sent to this process alone (kill,
        // timeout, CI) must reach it as well, and this process must outlive it to pass its exit code on.
        void HandOn(PosixSignalContext signal)
        {
            signal.Cancel = true;
            if (!OperatingSystem.IsWindows() && !bench.HasExited)
                _ = Kill(bench.Id, signal.Signal == PosixSignal.SIGINT ? SigInt : SigTerm);
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, HandOn);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, HandOn);
        await bench.WaitForExitAsync();
        return bench.ExitCode;
    }

    // The numbers of SIGINT and SIGTERM on Linux and macOS (PosixSignal's values are .NET's own).
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
