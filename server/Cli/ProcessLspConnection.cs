namespace CodeAssist.Server.Cli;

/// <summary>
/// An <see cref="LspConnection"/> to a <c>codeassist serve</c> process of its own, killed on dispose if still running:
/// how replay (and so the demo) and the <c>bench lsp</c>, <c>completion</c> and <c>soak</c> verbs measure the server
/// exactly as an editor drives it. The server's stderr is dropped (its log file keeps it).
/// </summary>
public sealed class ProcessLspConnection : LspConnection
{
    private readonly LanguageServerProcess _server;

    private ProcessLspConnection(LanguageServerProcess server) : base(server.Input, server.Output)
    {
        _server = server;
        StartReading();
    }

    /// <param name="environment">Variables for the server besides the data directory (tests pass their seams here).</param>
    public static ProcessLspConnection Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        new(LanguageServerProcess.Start(dataDirectory, environment));

    public int ProcessId => _server.Id;

    /// <summary>The server's exit code once it has exited; null while it runs.</summary>
    public int? ExitCode => _server.ExitCode;

    public override Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _server.WaitForExitAsync(cancellationToken);

    protected override ValueTask StopServerAsync() => _server.DisposeAsync();
}
