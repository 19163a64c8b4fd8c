using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CodeAssist.Server.Inference.LlamaServer;

/// <summary>Where llama-server listens, and the key it wants (sent as a Bearer token, never logged).</summary>
public sealed record LlamaServerEndpoint(Uri BaseUrl, string? ApiKey = null)
{
    public override string ToString() => BaseUrl.ToString();
}

/// <summary>One entry of a router's model list: its name, file and load state (loaded, loading, unloaded, sleeping).</summary>
public sealed record RouterModel(string Id, string? Path, string Status, bool Failed);

/// <summary>What llama-server says about a model it serves: the file, context, size and build.</summary>
public sealed record RemoteModelInfo(string Model, string? Path, int ContextSize, long? Parameters, long? SizeBytes, string? BuildInfo);

/// <summary>
/// llama.cpp's own HTTP server, alone or as a router of several models (<c>--models-dir</c>, <c>--models-preset</c>): FIM
/// completions stream from <c>/infill</c>, chat from <c>/v1/chat/completions</c>, the model list and loads from <c>/models</c>.
/// Every failure becomes a <see cref="LlamaServerException"/> that says what to fix.
/// </summary>
public sealed class LlamaServerClient(HttpClient http, LlamaServerEndpoint endpoint)
{
    public LlamaServerEndpoint Endpoint => endpoint;

    /// <summary>
    /// How long a model-list, load or properties request may take: these answer at once from a working server, so one that
    /// accepts the connection and stays silent is reported instead of holding a reconnection (and the requests behind it).
    /// </summary>
    public static TimeSpan ControlTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A client whose connection attempts give up quickly, so a server that is down is reported at once.</summary>
    public static LlamaServerClient Create(LlamaServerEndpoint endpoint) =>
        new(new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) }) { Timeout = Timeout.InfiniteTimeSpan }, endpoint);

    /// <summary>The router's models with their state; a single-model server answers with its one model, loaded.</summary>
    public async Task<IReadOnlyList<RouterModel>> ListModelsAsync(CancellationToken cancellationToken)
    {
        var models = await SendJsonAsync(HttpMethod.Get, "models", null, "the model list", cancellationToken, allowNotFound: true)
            ?? await SendJsonAsync(HttpMethod.Get, "v1/models", null, "the model list", cancellationToken);
        return (models?["data"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(m => new RouterModel(
                (string?)m["id"] ?? "",
                (string?)m["path"],
                (string?)m["status"]?["value"] ?? "loaded",
                (bool?)m["status"]?["failed"] ?? false))
            .ToList();
    }

    /// <summary>Asks the router to load a model; returns once the request is accepted, not once the model is ready.</summary>
    public async Task LoadModelAsync(string model, CancellationToken cancellationToken)
    {
        try
        {
            await SendJsonAsync(HttpMethod.Post, "models/load", new JsonObject { ["model"] = model }, $"loading '{model}'", cancellationToken);
        }
        catch (LlamaServerException e) when (e.Failure == LlamaServerFailure.BadResponse && e.Message.Contains("already running", StringComparison.Ordinal))
        {
            // Loaded meanwhile (by a request of another editor, say): what was asked for is done.
        }
    }

    /// <summary>Asks the router to unload a model (to free its memory, or so that the next request loads it afresh).</summary>
    public Task UnloadModelAsync(string model, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, "models/unload", new JsonObject { ["model"] = model }, $"unloading '{model}'", cancellationToken);

    /// <summary>How many tokens the model makes of <paramref name="text"/>, special tokens not added.</summary>
    public async Task<int> CountTokensAsync(string model, string text, CancellationToken cancellationToken)
    {
        var answer = await SendJsonAsync(HttpMethod.Post, "tokenize", new JsonObject { ["model"] = model, ["content"] = text, ["add_special"] = false },
            $"tokenizing with '{model}'", cancellationToken);
        return (answer?["tokens"] as JsonArray)?.Count ?? throw Bad($"tokenizing with '{model}'", "no tokens array");
    }

    public async Task<RemoteModelInfo> GetModelInfoAsync(string model, CancellationToken cancellationToken)
    {
        var query = "?model=" + Uri.EscapeDataString(model);
        var props = await SendJsonAsync(HttpMethod.Get, "props" + query, null, $"the properties of '{model}'", cancellationToken)
            ?? throw Bad($"the properties of '{model}'", "an empty answer");
        var listed = await SendJsonAsync(HttpMethod.Get, "v1/models" + query, null, $"the metadata of '{model}'", cancellationToken);
        var meta = (listed?["data"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["meta"];
        return new RemoteModelInfo(
            model,
            (string?)props["model_path"],
            (int?)props["default_generation_settings"]?["n_ctx"] ?? 0,
            (long?)meta?["n_params"],
            (long?)meta?["size"],
            (string?)props["build_info"]);
    }

    /// <summary>
    /// Streams a fill-in-the-middle completion. Decoding is greedy when <see cref="GenerationOptions.Temperature"/> is 0, as
    /// in-process. Closing the stream stops the server's generation, which is how <see cref="GenerationOptions.IsComplete"/>,
    /// the wall-time budget and cancellation end it early. The timings are the server's own, sent with every piece.
    /// </summary>
    public async Task<GenerationResult> InfillAsync(
        string model, FimRequest request, GenerationOptions options, Action<string>? onText, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.WallTimeBudget is { } wallTime)
            budget.CancelAfter(wallTime);

        var text = new StringBuilder();
        ServerTimings? timings = null;
        TimeSpan? firstToken = null;
        StopReason? stop = null;
        try
        {
            using var message = NewRequest(HttpMethod.Post, "infill", InfillBody(model, request, options));
            using var response = await SendAsync(message, HttpCompletionOption.ResponseHeadersRead, $"a completion from '{model}'", budget.Token);
            await EnsureSuccessAsync(response, $"a completion from '{model}'", budget.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(budget.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (stop is null && await reader.ReadLineAsync(budget.Token) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal) || line == "data: [DONE]")
                    continue;
                var chunk = ParseChunk(line.AsSpan(6), model);
                timings = chunk.Timings ?? timings;
                if (chunk.Content.Length > 0)
                {
                    firstToken ??= clock.Elapsed;
                    text.Append(chunk.Content);
                    onText?.Invoke(chunk.Content);
                    if (options.IsComplete?.Invoke(text.ToString()) == true)
                        stop = StopReason.Complete;
                }
                if (chunk.Stop && stop is null)
                    stop = chunk.StopType == "limit" && (timings?.Predicted ?? 0) < options.MaxTokens ? StopReason.WallTime
                        : chunk.StopType == "limit" ? StopReason.MaxTokens
                        : StopReason.EndOfGeneration;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stop = StopReason.Cancelled;
        }
        catch (Exception e) when (budget.IsCancellationRequested && e is OperationCanceledException or LlamaServerException { Failure: LlamaServerFailure.Timeout })
        {
            if (text.Length == 0)
                throw new LlamaServerException(LlamaServerFailure.Timeout,
                    $"llama-server at {endpoint} sent no completion within {options.WallTimeBudget?.TotalMilliseconds:0} ms (codeassist.completionTimeoutMs).", e);
            stop = StopReason.WallTime;
        }

        var end = clock.Elapsed;
        var t = timings ?? new ServerTimings(0, 0, 0, 0, 0);
        var promptTime = TimeSpan.FromMilliseconds(t.PromptMs);
        var requestTimings = new RequestTimings(TimeSpan.Zero, t.PromptEvaluated, promptTime, t.Predicted,
            TimeSpan.FromMilliseconds(t.PredictedMs), firstToken, end);
        var promptTokens = t.Cached + t.PromptEvaluated;
        return new GenerationResult(text.ToString(), stop ?? StopReason.EndOfGeneration, promptTokens, t.Cached, t.PromptEvaluated,
            t.Cached > 0 ? CacheReuse.Prefix : CacheReuse.Cold, requestTimings);
    }

    /// <summary>A chat completion (refactors), greedy, not streamed; returns the assistant's text.</summary>
    public async Task<string> ChatAsync(
        string model, IEnumerable<(string Role, string Content)> messages, int maxTokens, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["max_tokens"] = maxTokens,
            ["temperature"] = 0,
            ["stream"] = false,
        };
        var answer = await SendJsonAsync(HttpMethod.Post, "v1/chat/completions", body, $"a chat completion from '{model}'", cancellationToken, control: false);
        return (string?)answer?["choices"]?[0]?["message"]?["content"]
            ?? throw Bad($"a chat completion from '{model}'", "no choices[0].message.content");
    }

    private static JsonObject InfillBody(string model, FimRequest request, GenerationOptions options)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["input_prefix"] = request.Prefix,
            ["input_suffix"] = request.Suffix,
            ["input_extra"] = new JsonArray((request.ExtraFiles ?? [])
                .Select(f => (JsonNode)new JsonObject { ["filename"] = f.Path, ["text"] = f.Text }).ToArray()),
            ["n_predict"] = options.MaxTokens,
            ["cache_prompt"] = true,
            ["stream"] = true,
            ["timings_per_token"] = true,
            ["ignore_eos"] = !options.StopAtEndOfGeneration,
            ["seed"] = options.Seed,
            // The server's defaults add penalties; these make its greedy decoding the same function as ours.
            ["repeat_penalty"] = 1.0,
            ["dry_multiplier"] = 0.0,
        };
        if (options.Temperature <= 0)
        {
            body["temperature"] = 0;
            body["top_k"] = 1;
        }
        else
        {
            body["temperature"] = options.Temperature;
        }
        if (options.WallTimeBudget is { } budget)
            body["t_max_predict_ms"] = (int)Math.Max(1, budget.TotalMilliseconds);
        return body;
    }

    private sealed record ServerTimings(int Cached, int PromptEvaluated, double PromptMs, int Predicted, double PredictedMs);

    private sealed record StreamChunk(string Content, bool Stop, string? StopType, ServerTimings? Timings);

    private StreamChunk ParseChunk(ReadOnlySpan<char> json, string model)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json.ToString());
        }
        catch (JsonException e)
        {
            throw Bad($"a completion from '{model}'", $"a stream line that is not JSON ({e.Message})");
        }
        if (node?["error"] is { } error)
            throw new LlamaServerException(LlamaServerFailure.ServerError,
                $"llama-server at {endpoint} failed during a completion from '{model}': {(string?)error["message"] ?? error.ToJsonString()}");
        var t = node?["timings"];
        var timings = t is null ? null : new ServerTimings(
            (int?)t["cache_n"] ?? 0, (int?)t["prompt_n"] ?? 0, (double?)t["prompt_ms"] ?? 0, (int?)t["predicted_n"] ?? 0, (double?)t["predicted_ms"] ?? 0);
        return new StreamChunk((string?)node?["content"] ?? "", (bool?)node?["stop"] ?? false, (string?)node?["stop_type"], timings);
    }

    /// <summary>A request answered with one JSON body; control requests (all but chat) are bounded by <see cref="ControlTimeout"/>.</summary>
    private async Task<JsonNode?> SendJsonAsync(
        HttpMethod method, string path, JsonObject? body, string what, CancellationToken cancellationToken, bool allowNotFound = false, bool control = true)
    {
        using var message = NewRequest(method, path, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (control)
            timeout.CancelAfter(ControlTimeout);
        string content;
        try
        {
            using var response = await SendAsync(message, HttpCompletionOption.ResponseContentRead, what, timeout.Token);
            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
                return null;
            await EnsureSuccessAsync(response, what, timeout.Token);
            content = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlamaServerException(LlamaServerFailure.Timeout,
                $"llama-server at {endpoint} did not answer {what} within {ControlTimeout.TotalSeconds:0} s.", e);
        }
        try
        {
            return JsonNode.Parse(content);
        }
        catch (JsonException)
        {
            throw Bad(what, "an answer that is not JSON");
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, JsonObject? body)
    {
        var message = new HttpRequestMessage(method, new Uri(endpoint.BaseUrl, path));
        if (!string.IsNullOrEmpty(endpoint.ApiKey))
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.ApiKey);
        if (body is not null)
            message.Content = JsonContent.Create(body);
        return message;
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage message, HttpCompletionOption completion, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(message, completion, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new LlamaServerException(LlamaServerFailure.Unreachable,
                $"llama-server at {endpoint} is not reachable ({e.InnerException?.Message ?? e.Message}); start it or fix codeassist.serverUrl.", e);
        }
        catch (HttpRequestException e)
        {
            throw new LlamaServerException(LlamaServerFailure.ServerError, $"llama-server at {endpoint} broke off {what}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlamaServerException(LlamaServerFailure.Timeout, $"llama-server at {endpoint} did not answer {what} in time.", e);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = ErrorMessage(body) ?? response.ReasonPhrase ?? "no detail";
        var status = (int)response.StatusCode;
        var (failure, advice) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (LlamaServerFailure.Unauthorized, "; check codeassist.serverApiKey"),
            _ when detail.Contains("not found", StringComparison.OrdinalIgnoreCase) || detail.Contains("failed to load", StringComparison.OrdinalIgnoreCase)
                => (LlamaServerFailure.UnknownModel, "; check the model names in codeassist.models against the server's list"),
            _ when status >= 500 => (LlamaServerFailure.ServerError, ""),
            _ => (LlamaServerFailure.BadResponse, ""),
        };
        throw new LlamaServerException(failure, $"llama-server at {endpoint} refused {what} (HTTP {status}: {detail}){advice}.");
    }

    private static string? ErrorMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?["message"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return body.Length == 0 ? null : body[..Math.Min(body.Length, 200)];
        }
    }

    private LlamaServerException Bad(string what, string problem) =>
        new(LlamaServerFailure.BadResponse, $"llama-server at {endpoint} sent {problem} for {what}; is it llama.cpp's server?");
}
