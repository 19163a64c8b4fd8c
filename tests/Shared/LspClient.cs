using System.Text.Json.Nodes;
using CodeAssist.Server.Cli;

namespace CodeAssist.Tests.Shared;

/// <summary>
/// The server's own <see cref="LspConnection"/> with what only tests need: every notification and server request
/// recorded (the connection itself keeps none, so a long benchmark does not grow), waits that fail with the server's
/// log, and the server's log files. The server at the other end is a process (end-to-end tests) or runs in the test's
/// own process (<c>InProcessServer</c>).
/// </summary>
public abstract class LspClient : LspConnection
{
    private readonly List<JsonObject> _notifications = [];
    private readonly List<JsonObject> _serverRequests = [];

    protected LspClient(string dataDirectory, Stream toServer, Stream fromServer) : base(toServer, fromServer)
    {
        DataDirectory = dataDirectory;
        NotificationReceived += message => { lock (_notifications) _notifications.Add(message); };
        ServerRequestReceived += message => { lock (_serverRequests) _serverRequests.Add(message); };
    }

    public string DataDirectory { get; }

    /// <summary>What the server logged so far (its stderr, or its log file in process).</summary>
    public abstract override string Stderr { get; }

    public IReadOnlyList<JsonObject> Notifications { get { lock (_notifications) return _notifications.ToList(); } }

    public IReadOnlyList<JsonObject> ServerRequests { get { lock (_serverRequests) return _serverRequests.ToList(); } }

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

    /// <summary>Waits for the answer to a hand-made message with this id.</summary>
    public Task<JsonObject> ExpectResponse(long id) => ResponseTo(id).WaitAsync(TimeSpan.FromSeconds(60));

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

    /// <summary>Applies <see cref="LspConnection.Settings"/> as an editor does after a settings edit.</summary>
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

    /// <summary>The server's exit code once it has ended (within 30 s unless told otherwise).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await WaitForExitAsync(cancel.Token);
    }

    /// <summary>Shutdown + exit as a polite client does; returns the exit code.</summary>
    public async Task<int> ShutdownAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await ShutdownAsync(cancel.Token);
    }
}
