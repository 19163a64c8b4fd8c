using CodeAssist.Server.Configuration;
using CodeAssist.Server.Inference;
using CodeAssist.Tests.Shared;
using Nerdbank.Streams;
using Serilog.Events;
using CodeAssist.Server.Hosting;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// The real language server, composed as <c>codeassist serve</c> composes it, running in the test's process and
/// joined to the client by an in-memory duplex stream (as Roslyn's CLaSP tests do): no child process, and the test
/// owns the server's clock.
/// </summary>
public sealed class InProcessServer : LspClient
{
    private readonly Stream _clientEnd;
    private readonly Task<int> _server;

    private InProcessServer(ServerOptions options, (Stream Client, Stream Server) pair) : base(options.DataDirectory, pair.Client, pair.Client)
    {
        Options = options;
        _clientEnd = pair.Client;
        _server = Task.Run(() => LanguageServerHost.RunAsync(options, pair.Server, pair.Server));
        StartReading();
    }

    public ServerOptions Options { get; }

    /// <summary>
    /// Starts a server with its own data directory (deleted on dispose), logging at Debug to its file only; with
    /// <paramref name="model"/>, that double is the server's completion model.
    /// </summary>
    public static InProcessServer Start(TimeProvider? time = null, bool testSeams = false, ICompletionModel? model = null) =>
        new(new ServerOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("codeassist-inproc-").FullName,
            Time = time ?? TimeProvider.System,
            LogLevel = LogEventLevel.Debug,
            LogToStandardError = false,
            TestSeams = testSeams,
            CompletionModel = model,
        }, FullDuplexStream.CreatePair());

    public string TelemetryDatabase => Options.TelemetryDatabase;

    /// <summary>The server's log files so far (written in the background, so a line may lag a moment).</summary>
    public override string Stderr => LogFileText();

    public override async Task<int> WaitForExitAsync(TimeSpan? timeout = null) =>
        await _server.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    protected override async ValueTask StopServerAsync()
    {
        // Closing the client's end is the client going away: the server ends its connection and returns.
        await _clientEnd.DisposeAsync();
        await _server.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        Directory.Delete(Options.DataDirectory, recursive: true);
    }
}
