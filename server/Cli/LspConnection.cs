using System.Diagnostics;
using System.Text.Json;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using StreamJsonRpc;

namespace CodeAssist.Server.Cli;

/// <summary>
/// The CLI's own editor: starts <c>codeassist serve</c> as a child process and talks LSP to it, answering the
/// server's configuration pulls with <see cref="Settings"/>. Used by replay (and so the demo) and by the <c>bench lsp</c>,
/// <c>completion</c> and <c>soak</c> verbs, so all measure the server exactly as an editor drives it.
/// </summary>
public sealed class LspConnection : IAsyncDisposable
{
    private readonly Process _server;
    private readonly JsonRpc _rpc;

    private LspConnection(Process server, JsonRpc rpc)
    {
        _server = server;
        _rpc = rpc;
    }

    /// <summary>The codeassist section answered to workspace/configuration.</summary>
    public JsonElement Settings { get; set; } = JsonSerializer.SerializeToElement(new { });

    public int ProcessId => _server.Id;

    /// <summary>The server's exit code once it has exited; null while it runs.</summary>
    public int? ExitCode => _server.HasExited ? _server.ExitCode : null;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _server.WaitForExitAsync(cancellationToken);

    public event Action<StatusNotification>? StatusChanged;

    public event Action<string>? Message;

    /// <param name="environment">Variables for the server besides the data directory (tests pass their seams here).</param>
    public static LspConnection Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = SiblingExecutable.StartInfo("codeassist", ["serve"]) ?? throw new FileNotFoundException("codeassist is not installed beside this program", SiblingExecutable.Directory);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["CODEASSIST_DATA_DIR"] = dataDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var server = Process.Start(info) ?? throw new InvalidOperationException("codeassist serve did not start");
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(server.StandardInput.BaseStream, server.StandardOutput.BaseStream, formatter));
        var connection = new LspConnection(server, rpc);
        Handle(rpc, "workspace/configuration", new Func<ConfigurationParams, JsonElement[]>(p => [.. p.Items.Select(_ => connection.Settings)]));
        Handle(rpc, "window/workDoneProgress/create", new Func<WorkDoneProgressCreateParams, object?>(_ => null));
        Handle(rpc, StatusReporter.Method, new Action<StatusNotification>(s => connection.StatusChanged?.Invoke(s)));
        Handle(rpc, "window/showMessage", new Action<ShowMessageParams>(m => connection.Message?.Invoke(m.Message)));
        foreach (var ignored in new[] { "window/logMessage", "$/progress", "$/logTrace" })
            Handle(rpc, ignored, new Action<JsonElement>(_ => { }));
        rpc.StartListening();
        return connection;
    }

    /// <summary>LSP params are one object: bind it whole to the handler's single parameter.</summary>
    private static void Handle(JsonRpc rpc, string method, Delegate handler) =>
        rpc.AddLocalRpcMethod(handler.Method, handler.Target, new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true });

    public Task<T> RequestAsync<T>(string method, object? parameters, CancellationToken cancellationToken = default) =>
        _rpc.InvokeWithParameterObjectAsync<T>(method, parameters, cancellationToken);

    public Task NotifyAsync(string method, object? parameters) => _rpc.NotifyWithParameterObjectAsync(method, parameters);

    public async Task<InitializeResult> InitializeAsync(string? rootUri, CancellationToken cancellationToken)
    {
        var result = await RequestAsync<InitializeResult>("initialize", new InitializeParams
        {
            ProcessId = Environment.ProcessId,
            ClientInfo = new ClientInfo("codeassist-cli"),
            RootUri = rootUri,
            Capabilities = new ClientCapabilities
            {
                Window = new WindowClientCapabilities(WorkDoneProgress: true),
                Workspace = new WorkspaceClientCapabilities(Configuration: true),
            },
        }, cancellationToken);
        await NotifyAsync("initialized", new InitializedParams());
        return result;
    }

    /// <summary>Waits for a codeassist/status in <paramref name="state"/> (set the wait up before the change that causes it).</summary>
    public Task<StatusNotification> NextStatusAsync(Func<StatusNotification, bool> match, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<StatusNotification>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatus(StatusNotification status)
        {
            if (match(status))
                completion.TrySetResult(status);
        }
        StatusChanged += OnStatus;
        completion.Task.ContinueWith(_ => StatusChanged -= OnStatus, TaskScheduler.Default);
        return completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<int> ShutdownAsync(CancellationToken cancellationToken)
    {
        await RequestAsync<object?>("shutdown", null, cancellationToken);
        await NotifyAsync("exit", null);
        await _server.WaitForExitAsync(cancellationToken);
        return _server.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server.Dispose();
    }
}
