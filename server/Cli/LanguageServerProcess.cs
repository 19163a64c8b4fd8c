using System.Diagnostics;

namespace CodeAssist.Server.Cli;

/// <summary>
/// <c>codeassist serve</c> as a child process with its stdio redirected, started from the executable installed beside
/// this program (<see cref="SiblingExecutable"/>): the server that replay, the benchmarks and the process-level tests drive.
/// </summary>
public sealed class LanguageServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LanguageServerProcess(Process process) => _process = process;

    /// <param name="environment">Variables for the server besides the data directory (tests pass their seams here).</param>
    /// <param name="stderrLine">Gets each line the server logs on stderr; without it the lines are read and dropped, so the
    /// pipe never fills and blocks the server, and nothing accumulates over a long benchmark.</param>
    public static LanguageServerProcess Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, Action<string?>? stderrLine = null)
    {
        var info = SiblingExecutable.StartInfo("codeassist", ["serve"])
            ?? throw new FileNotFoundException("codeassist is not installed beside this program", SiblingExecutable.Directory);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["CODEASSIST_DATA_DIR"] = dataDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("codeassist serve did not start");
        process.ErrorDataReceived += (_, e) => stderrLine?.Invoke(e.Data);
        process.BeginErrorReadLine();
        return new LanguageServerProcess(process);
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    public int Id => _process.Id;

    /// <summary>The process itself, for callers that watch or kill it (a crash test).</summary>
    public Process Process => _process;

    /// <summary>The server's exit code once it has exited; null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Kills the server (and anything it started) if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
