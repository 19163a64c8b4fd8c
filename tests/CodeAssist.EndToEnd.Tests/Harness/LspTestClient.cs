using System.Diagnostics;
using System.Text;
using CodeAssist.Server.Cli;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests.Harness;

/// <summary>An <see cref="LspClient"/> over the stdio of the real <c>codeassist serve</c> process, logging at Debug.</summary>
public sealed class LspTestClient : LspClient
{
    private readonly StringBuilder _stderr;
    private readonly LanguageServerProcess _server;
    private readonly TempDirectory? _ownData;

    /// <summary>Starts the server with <paramref name="dataDirectory"/>, or with a fresh one that is deleted at the end.</summary>
    public LspTestClient(string? dataDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
        : this(dataDirectory is null ? new TempDirectory("e2e") : null, dataDirectory, environment, new StringBuilder())
    {
    }

    private LspTestClient(TempDirectory? ownData, string? dataDirectory, IReadOnlyDictionary<string, string>? environment, StringBuilder stderr)
        : this(ownData, ownData?.Path ?? dataDirectory!, Start(ownData?.Path ?? dataDirectory!, environment, stderr), stderr)
    {
    }

    private LspTestClient(TempDirectory? ownData, string dataDirectory, LanguageServerProcess server, StringBuilder stderr)
        : base(dataDirectory, server.Input, server.Output)
    {
        _ownData = ownData;
        _server = server;
        _stderr = stderr;
        StartReading();
    }

    /// <summary>A server with a fresh data directory; <paramref name="testSeams"/> turns on its codeassist/test/* methods.</summary>
    public static LspTestClient Start(bool testSeams = true) =>
        new(environment: testSeams ? new Dictionary<string, string> { ["CODEASSIST_TEST_SEAMS"] = "1" } : null);

    private static LanguageServerProcess Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment, StringBuilder stderr)
    {
        var variables = new Dictionary<string, string> { ["CODEASSIST_LOG_LEVEL"] = "Debug" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            variables[name] = value;
        return LanguageServerProcess.Start(dataDirectory, variables, line => { lock (stderr) stderr.AppendLine(line); });
    }

    public Process Process => _server.Process;

    public override string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public override Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _server.WaitForExitAsync(cancellationToken);

    protected override async ValueTask StopServerAsync()
    {
        await _server.DisposeAsync();
        _ownData?.Dispose();
    }
}
