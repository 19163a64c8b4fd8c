using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Cli;

/// <summary>
/// The one LSP client of this repository, as an editor drives the server: replay and the demo, the <c>bench lsp</c>,
/// <c>completion</c> and <c>soak</c> verbs, and the tests. It frames and parses the bytes itself (no JSON-RPC library),
/// so tests can also send malformed input, and it keeps nothing it receives: a notification is an event, recorded only
/// by whoever listens (the tests), so an hour's <c>bench soak</c> does not grow. Server-to-client requests are answered
/// by <see cref="RespondToServer"/>. The server at the other end is a process (<see cref="ProcessLspConnection"/>) or
/// runs in a test's own process.
/// </summary>
public abstract class LspConnection : IAsyncDisposable
{
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Task _reader = Task.CompletedTask;
    private long _nextId;
    private volatile bool _closed;

    protected LspConnection(Stream toServer, Stream fromServer)
    {
        _toServer = toServer;
        // Headers are read a byte at a time: buffered, that is one read of the pipe per message, not one per byte.
        _fromServer = new BufferedStream(fromServer, 64 * 1024);
        RespondToServer = (method, parameters) => method == "workspace/configuration"
            ? new JsonArray([.. (parameters?["items"]?.AsArray() ?? [null]).Select(_ => Settings.DeepClone())])
            : null;
    }

    /// <summary>Starts reading the server's messages; the derived class calls it once its server runs.</summary>
    protected void StartReading() => _reader = Task.Run(ReadLoopAsync);

    /// <summary>Answers server requests; by default workspace/configuration gets <see cref="Settings"/> per item, others null.</summary>
    public Func<string, JsonNode?, JsonNode?> RespondToServer { get; set; }

    /// <summary>The codeassist section this "editor" has; change it and send didChangeConfiguration to apply.</summary>
    public JsonObject Settings { get; set; } = [];

    /// <summary>Every notification from the server, raised on the reading thread.</summary>
    public event Action<JsonObject>? NotificationReceived;

    /// <summary>Every request from the server, raised before it is answered.</summary>
    public event Action<JsonObject>? ServerRequestReceived;

    /// <summary>What the server logged so far, for error messages; empty where nobody keeps it.</summary>
    public virtual string Stderr => "";

    /// <summary>The server's exit code once it has ended.</summary>
    public abstract Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Stops the server if it still runs.</summary>
    protected abstract ValueTask StopServerAsync();

    public async Task<(long Id, Task<JsonObject> Response)> SendRequestAsync(string method, object? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = ResponseTo(id);
        await SendAsync(new Outgoing(id, method, parameters));
        return (id, response);
    }

    /// <summary>The whole answer (result or error) to the message with this id, hand-made ones included.</summary>
    public Task<JsonObject> ResponseTo(long id)
    {
        var completion = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        if (_closed && _pending.TryRemove(id, out _))
            completion.TrySetException(new LspConnectionLostException($"The server closed its output. Stderr:\n{Stderr}"));
        return completion.Task;
    }

    /// <summary>
    /// A request's result as <typeparamref name="T"/>; an error answer throws <see cref="LspResponseException"/>. When
    /// <paramref name="cancellationToken"/> fires the server is told with <c>$/cancelRequest</c>, as an editor does.
    /// </summary>
    public async Task<T> RequestAsync<T>(string method, object? parameters, CancellationToken cancellationToken = default)
    {
        var (id, response) = await SendRequestAsync(method, parameters);
        JsonObject message;
        using (cancellationToken.Register(() => Cancel(id, cancellationToken)))
            message = await response;
        if (message["error"] is { } error)
            throw new LspResponseException((int?)error["code"] ?? 0, (string?)error["message"] ?? error.ToJsonString());
        return message["result"].Deserialize<T>(LspJson.Options)!;
    }

    private void Cancel(long id, CancellationToken cancellationToken)
    {
        if (!_pending.TryRemove(id, out var waiter))
            return;
        waiter.TrySetCanceled(cancellationToken);
        // Not awaited: the canceller is the token's callback; a server already gone has nothing left to cancel.
        _ = NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id }).ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    public Task NotifyAsync(string method, object? parameters) => SendAsync(new Outgoing(null, method, parameters));

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

    /// <summary>Waits for a codeassist/status that matches (set the wait up before the change that causes it).</summary>
    /// <summary>The newest codeassist/status the server sent; null before the first.</summary>
    public StatusNotification? LastStatus { get; private set; }

    public Task<StatusNotification> NextStatusAsync(Func<StatusNotification, bool> match, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<StatusNotification>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNotification(JsonObject message)
        {
            if ((string?)message["method"] == StatusReporter.Method && Status(message) is { } status && match(status))
                completion.TrySetResult(status);
        }
        NotificationReceived += OnNotification;
        completion.Task.ContinueWith(_ => NotificationReceived -= OnNotification, TaskScheduler.Default);
        return completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The status, or null for one that does not bind (a server of another version): skipped as a JSON-RPC library
    /// skips a notification it cannot bind, and never the end of the reading.
    /// </summary>
    private static StatusNotification? Status(JsonObject message)
    {
        try
        {
            return message["params"].Deserialize<StatusNotification>(LspJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Shutdown + exit as a polite client does; returns the exit code.</summary>
    public async Task<int> ShutdownAsync(CancellationToken cancellationToken)
    {
        await RequestAsync<object?>("shutdown", null, cancellationToken);
        await NotifyAsync("exit", null);
        return await WaitForExitAsync(cancellationToken);
    }

    public Task SendAsync(JsonObject message) => SendBodyAsync(Encoding.UTF8.GetBytes(message.ToJsonString()));

    private Task SendAsync(Outgoing message) => SendBodyAsync(JsonSerializer.SerializeToUtf8Bytes(message, LspJson.Options));

    public Task SendBodyAsync(byte[] body) => SendRawAsync(LspFrames.Frame(body));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _toServer.WriteAsync(bytes);
            await _toServer.FlushAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new LspConnectionLostException($"The server's input is closed. Stderr:\n{Stderr}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void CloseInput() => _toServer.Close();

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await LspFrames.ReadBodyAsync(_fromServer) is { } body)
                Dispatch(JsonNode.Parse(body)!.AsObject());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or JsonException or InvalidOperationException or FormatException)
        {
            failure = e;
        }
        finally
        {
            _closed = true;
            foreach (var id in _pending.Keys)
                if (_pending.TryRemove(id, out var waiter))
                    waiter.TrySetException(new LspConnectionLostException($"The server closed its output. Stderr:\n{Stderr}", failure));
        }
    }

    private void Dispatch(JsonObject message)
    {
        if (message["method"] is null)
        {
            // A response; the null id (an answer to a message whose id could not be read) is filed under -1.
            var id = message["id"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : -1;
            if (_pending.TryRemove(id, out var waiter))
                waiter.TrySetResult(message);
        }
        else if (message["id"] is not null)
        {
            ServerRequestReceived?.Invoke(message);
            var result = RespondToServer((string)message["method"]!, message["params"]?.DeepClone());
            // Answered beside the reading, never in its way: a client writing to a server that is itself waiting to
            // write to us would otherwise deadlock both (as an editor's separate reader and writer never do).
            _ = SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = message["id"]!.DeepClone(), ["result"] = result })
                .ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
        else
        {
            if ((string?)message["method"] == StatusReporter.Method && Status(message) is { } status)
                LastStatus = status;
            NotificationReceived?.Invoke(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        GC.SuppressFinalize(this);
    }

    /// <summary>A request (with an id) or a notification; params as the caller typed them, in the server's JSON options.</summary>
    private sealed record Outgoing(long? Id, string Method, object? Params)
    {
        [JsonPropertyOrder(-1)]
        public string Jsonrpc => "2.0";
    }
}
