using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CodeAssist.Tests.Shared;

/// <summary>
/// A raw LSP client over a pair of streams to the server: it frames and parses bytes itself, so tests can also send
/// malformed input. Server-to-client requests are answered by <see cref="RespondToServer"/>. The server at the other
/// end is a process (end-to-end tests) or runs in the test's own process (<c>InProcessServer</c>).
/// </summary>
public abstract class LspClient : IAsyncDisposable
{
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly List<JsonObject> _notifications = [];
    private readonly List<JsonObject> _serverRequests = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Task _reader = Task.CompletedTask;
    private long _nextId;

    protected LspClient(string dataDirectory, Stream toServer, Stream fromServer)
    {
        DataDirectory = dataDirectory;
        _toServer = toServer;
        _fromServer = fromServer;
        RespondToServer = (method, _) => method == "workspace/configuration" ? new JsonArray(Settings.DeepClone()) : null;
    }

    /// <summary>Starts reading the server's messages; the derived class calls it once its server runs.</summary>
    protected void StartReading() => _reader = Task.Run(ReadLoopAsync);

    public string DataDirectory { get; }

    /// <summary>Answers server requests; by default workspace/configuration gets <see cref="Settings"/>, others null.</summary>
    public Func<string, JsonNode?, JsonNode?> RespondToServer { get; set; }

    /// <summary>The codeassist section this "editor" has; change it and send didChangeConfiguration to apply.</summary>
    public JsonObject Settings { get; set; } = new();

    /// <summary>The server's log files in its data directory, once they contain <paramref name="expected"/> (written in the background).</summary>
    public Task<string> LogFileTextAsync(string expected) =>
        Polling.UntilAsync(() => LogFileText() is var text && text.Contains(expected, StringComparison.Ordinal) ? text : null,
            TimeSpan.FromSeconds(30), () => $"The log files never said \"{expected}\":\n{LogFileText()}");

    /// <summary>The server's log files in its data directory as they are now.</summary>
    public string LogFileText()
    {
        var logs = Path.Combine(DataDirectory, "logs");
        return Directory.Exists(logs) ? string.Concat(Directory.EnumerateFiles(logs).Order().Select(ReadShared)) : "";
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>What the server logged so far (its stderr, or its log file in process).</summary>
    public abstract string Stderr { get; }

    public IReadOnlyList<JsonObject> Notifications { get { lock (_notifications) return _notifications.ToList(); } }

    public IReadOnlyList<JsonObject> ServerRequests { get { lock (_serverRequests) return _serverRequests.ToList(); } }

    public static JsonObject InitializeParams(JsonObject? capabilities = null, JsonNode? initializationOptions = null) => new()
    {
        ["processId"] = Environment.ProcessId,
        ["clientInfo"] = new JsonObject { ["name"] = "codeassist-tests" },
        ["rootUri"] = null,
        ["capabilities"] = capabilities ?? new JsonObject(),
        ["initializationOptions"] = initializationOptions,
    };

    public async Task<JsonObject> InitializeAsync(JsonObject? capabilities = null, JsonNode? initializationOptions = null)
    {
        var result = await RequestAsync("initialize", InitializeParams(capabilities, initializationOptions));
        await NotifyAsync("initialized", new JsonObject());
        return result;
    }

    /// <summary>Sends a request and returns the whole response message (result or error).</summary>
    public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters, TimeSpan? timeout = null)
    {
        var (id, response) = await SendRequestAsync(method, parameters);
        try
        {
            return await response.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No answer to {method} (id {id}). Server stderr:\n{Stderr}");
        }
    }

    public async Task<(long Id, Task<JsonObject> Response)> SendRequestAsync(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
            message["params"] = parameters;
        await SendAsync(message);
        return (id, completion.Task);
    }

    /// <summary>Waits for the answer to a hand-made message with this id.</summary>
    public Task<JsonObject> ExpectResponse(long id)
    {
        var completion = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        return completion.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public Task NotifyAsync(string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
            message["params"] = parameters;
        return SendAsync(message);
    }

    public Task SendAsync(JsonObject message) => SendBodyAsync(Encoding.UTF8.GetBytes(message.ToJsonString()));

    public Task SendBodyAsync(byte[] body) =>
        SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);

    public async Task SendRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _toServer.WriteAsync(bytes);
            await _toServer.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits for a notification matching the predicate, including ones that already arrived.</summary>
    public Task<JsonObject> WaitForNotificationAsync(string method, Func<JsonObject, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        return Polling.UntilAsync(() => Notifications.FirstOrDefault(n => (string?)n["method"] == method && (predicate is null || predicate(n))),
            limit, () => $"No {method} notification within {limit}. Server stderr:\n{Stderr}");
    }

    /// <summary>Waits for the server to log <paramref name="text"/> on stderr (its log is written in the background), <paramref name="occurrences"/> times in all.</summary>
    public Task WaitForStderrAsync(string text, TimeSpan? timeout = null, int occurrences = 1)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        return Polling.UntilAsync(() => StderrCount(text) >= occurrences ? Stderr : null,
            limit, () => $"The server did not log \"{text}\" {occurrences} time(s) within {limit}. Server stderr:\n{Stderr}");
    }

    /// <summary>How many times the server has logged <paramref name="text"/> on stderr so far.</summary>
    public int StderrCount(string text)
    {
        var stderr = Stderr;
        var count = 0;
        for (var at = stderr.IndexOf(text, StringComparison.Ordinal); at >= 0; at = stderr.IndexOf(text, at + text.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Waits for a codeassist/status notification in this state (and format, when given).</summary>
    public async Task<JsonObject> WaitForStatusAsync(string state, string? format = null, TimeSpan? timeout = null)
    {
        return await WaitForNotificationAsync("codeassist/status", n =>
            (string?)n["params"]!["state"] == state && (format is null || (string?)n["params"]!["format"] == format), timeout);
    }

    /// <summary>Applies <see cref="Settings"/> as an editor does after a settings edit.</summary>
    public Task ChangeSettingsAsync() => NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });

    /// <summary>Runs a workspace command and returns its result (fails the test on an error answer).</summary>
    public async Task<JsonNode?> ExecuteCommandAsync(string command, JsonNode? argument = null)
    {
        var response = await RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = command,
            ["arguments"] = argument is null ? new JsonArray() : new JsonArray(argument),
        });
        if (response["error"] is { } error)
            throw new InvalidOperationException($"{command} failed: {error.ToJsonString()}");
        return response["result"];
    }

    /// <summary>Every telemetry event as the user exports it: codeassist.exportTelemetry to JSONL, read back.</summary>
    public async Task<List<JsonNode>> ExportedEventsAsync()
    {
        var export = Path.Combine(DataDirectory, "events.jsonl");
        await ExecuteCommandAsync("codeassist.exportTelemetry", new JsonObject { ["path"] = export, ["format"] = "jsonl" });
        return [.. (await File.ReadAllLinesAsync(export)).Select(line => JsonNode.Parse(line)!)];
    }

    public Task<JsonObject> WaitForServerRequestAsync(string method, int occurrence = 1, TimeSpan? timeout = null) =>
        Polling.UntilAsync(() => ServerRequests.Where(n => (string?)n["method"] == method).Skip(occurrence - 1).FirstOrDefault(),
            timeout ?? TimeSpan.FromSeconds(30), () => $"The server did not send {method} #{occurrence}. Server stderr:\n{Stderr}");

    public void CloseInput() => _toServer.Close();

    /// <summary>The server's exit code once it has ended.</summary>
    public abstract Task<int> WaitForExitAsync(TimeSpan? timeout = null);

    /// <summary>Shutdown + exit as a polite client does; returns the exit code.</summary>
    public async Task<int> ShutdownAsync()
    {
        await RequestAsync("shutdown", null);
        await NotifyAsync("exit", null);
        return await WaitForExitAsync();
    }

    private async Task ReadLoopAsync()
    {
        while (await ReadMessageAsync(_fromServer) is { } message)
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
                lock (_serverRequests) _serverRequests.Add(message);
                var result = RespondToServer((string)message["method"]!, message["params"]?.DeepClone());
                // Answered beside the reading, never in its way: a test writing to a server that is itself waiting to
                // write to us would otherwise deadlock both (as an editor's separate reader and writer never do).
                _ = SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = message["id"]!.DeepClone(), ["result"] = result });
            }
            else
            {
                lock (_notifications) _notifications.Add(message);
            }
        }
        foreach (var waiter in _pending.Values)
            waiter.TrySetException(new EndOfStreamException($"The server closed its output. Stderr:\n{Stderr}"));
    }

    /// <summary>Reads one framed message; fails the test on anything that is not a valid frame (stdout must stay clean).</summary>
    private static async Task<JsonObject?> ReadMessageAsync(Stream stream)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
                return null;
            header.Append((char)one[0]);
        }
        var lengthLine = header.ToString().Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim());
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Stops the server if it still runs.</summary>
    protected abstract ValueTask StopServerAsync();

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        GC.SuppressFinalize(this);
    }
}
