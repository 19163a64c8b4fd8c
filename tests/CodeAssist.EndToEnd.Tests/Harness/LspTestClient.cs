using System.Diagnostics;
using System.Text;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests.Harness;

/// <summary>An <see cref="LspClient"/> over the stdio of the real <c>codeassist serve</c> process.</summary>
public sealed class LspTestClient : LspClient
{
    private readonly StringBuilder _stderr = new();

    private readonly TempDirectory? _ownData;

    /// <summary>Starts the server with <paramref name="dataDirectory"/>, or with a fresh one that is deleted at the end.</summary>
    public LspTestClient(string? dataDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
        : this(dataDirectory is null ? new TempDirectory("e2e") : null, dataDirectory, environment)
    {
    }

    private LspTestClient(TempDirectory? ownData, string? dataDirectory, IReadOnlyDictionary<string, string>? environment)
        : this(ownData, Start(ownData?.Path ?? dataDirectory!, environment))
    {
    }

    private LspTestClient(TempDirectory? ownData, (string DataDirectory, Process Process) server)
        : base(server.DataDirectory, server.Process.StandardInput.BaseStream, server.Process.StandardOutput.BaseStream)
    {
        _ownData = ownData;
        Process = server.Process;
        Process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        Process.BeginErrorReadLine();
        StartReading();
    }

    /// <summary>A server with a fresh data directory; <paramref name="testSeams"/> turns on its codeassist/test/* methods.</summary>
    public static LspTestClient Start(bool testSeams = true) =>
        new(environment: testSeams ? new Dictionary<string, string> { ["CODEASSIST_TEST_SEAMS"] = "1" } : null);

    private static (string, Process) Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment) =>
        (dataDirectory, ServerProcess.Start(dataDirectory, environment, "serve"));

    public Process Process { get; }

    public override string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public override async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await Process.WaitForExitAsync(cancel.Token);
        return Process.ExitCode;
    }

    protected override async ValueTask StopServerAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
        _ownData?.Dispose();
    }
}
