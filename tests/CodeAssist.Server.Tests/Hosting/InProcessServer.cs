using CodeAssist.Server.Configuration;
using CodeAssist.Server.Hosting;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Telemetry;
using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Nerdbank.Streams;
using Serilog.Events;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// The real language server, composed as <c>codeassist serve</c> composes it, running in the test's process and
/// joined to the client by an in-memory duplex stream (as Roslyn's CLaSP tests do): no child process, and the test
/// owns the server's clock. Tests of one service reach it in the composed server with <see cref="Get{T}"/>.
/// </summary>
public sealed class InProcessServer : LspClient
{
    private readonly Stream _clientEnd;
    private readonly Task<int> _server;

    private InProcessServer(ServerOptions options, (Stream Client, Stream Server) pair) : base(options.DataDirectory, pair.Client, pair.Client)
    {
        Options = options;
        _clientEnd = pair.Client;
        var composed = new TaskCompletionSource<IServiceProvider>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server = Task.Run(() => LanguageServerHost.RunAsync(options, pair.Server, pair.Server, composed.SetResult));
        StartReading();
        // Composing takes milliseconds; a server that failed to compose fails the test here.
        _services = Task.WhenAny((Task)composed.Task, _server).GetAwaiter().GetResult() == composed.Task
            ? composed.Task.Result
            : throw new InvalidOperationException("The server ended before it was composed", _server.Exception);
    }

    private readonly IServiceProvider _services;

    public ServerOptions Options { get; }

    /// <summary>The server's own instance of a service, as its handlers use it.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The telemetry events of a kind stored so far, once every event recorded before the call is written.</summary>
    public async Task<IReadOnlyList<EventRow>> EventsAsync(string kind)
    {
        await Get<TelemetryService>().FlushAsync();
        return [.. CodeAssist.Telemetry.Storage.TelemetryDatabase.Read(Options.TelemetryDatabase, EventFilter.All).Where(e => e.Kind == kind)];
    }

    /// <summary>The events of a kind once there are at least <paramref name="count"/> (some are recorded by timers or builds in the background).</summary>
    public Task<IReadOnlyList<EventRow>> EventsAsync(string kind, int count) =>
        Polling.UntilAsync(async () => await EventsAsync(kind) is { } rows && rows.Count >= count ? rows : null,
            TimeSpan.FromSeconds(60), () => $"fewer than {count} {kind} events. Server log:\n{Stderr}");

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

    public override Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _server.WaitAsync(cancellationToken);

    protected override async ValueTask StopServerAsync()
    {
        // Closing the client's end is the client going away: the server ends its connection and returns.
        await _clientEnd.DisposeAsync();
        await _server.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        Directory.Delete(Options.DataDirectory, recursive: true);
    }
}
