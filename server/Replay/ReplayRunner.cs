using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Models;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Reporting;

namespace CodeAssist.Server.Replay;

/// <summary>A format under test: its label (what the telemetry records) and its GGUF file.</summary>
public sealed record ReplayModel(string Label, string Path);

/// <summary>
/// The server settings of a replay besides the model; the rest stay at the server's defaults, greedy decoding among them.
/// Without <see cref="ContextSize"/> each model gets the context it was trained for, at most <see cref="MaxDefaultContext"/>.
/// <see cref="Jobs"/> formats replay at once, each in its own server process.
/// </summary>
public sealed record ReplaySettings(int Threads, int MaxTokens, string Verify, int? ContextSize = null, int Jobs = 1)
{
    public const int MaxDefaultContext = 4096;

    /// <summary>As many formats at once as the cores give each server its llama.cpp threads and one more for Roslyn.</summary>
    public static int DefaultJobs(int threads) => Math.Max(1, Environment.ProcessorCount / (threads + 1));

    public int ContextFor(ReplayModel model)
    {
        if (ContextSize is { } size)
            return size;
        var gguf = GgufReader.Open(model.Path);
        return (int)Math.Min(MaxDefaultContext, gguf.GetInteger($"{gguf.Architecture}.context_length") ?? MaxDefaultContext);
    }
}

/// <summary>One format's replay: every site's outcome, and the server's own telemetry of it.</summary>
public sealed record FormatReplay(ReplayModel Model, IReadOnlyList<SiteOutcome> Sites, FormatSummary? Telemetry);

/// <summary>
/// Replays the script once per format, each in a fresh server process (so no cache, recent edit or loaded signature
/// carries over from another format), all recording into one telemetry folder whose report gives the build results.
/// Formats are independent, so up to <see cref="ReplaySettings.Jobs"/> of them run side by side (the telemetry store
/// takes several writing processes, as it does for several editor windows).
/// </summary>
public sealed class ReplayRunner(string dataDirectory, ReplaySettings settings)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan BuildResultsTimeout = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<FormatReplay>> RunAsync(ReplayScript script, IReadOnlyList<ReplayModel> models, IProgress<string> progress,
        CancellationToken cancellationToken)
    {
        if (settings.Jobs < 1)
            throw new ReplayInputException($"replay: --jobs must be at least 1, got {settings.Jobs}");
        var database = Path.Combine(dataDirectory, "telemetry.db");
        // The report reads every event in the folder: earlier runs' would be counted as this one's.
        if (File.Exists(database))
            throw new ReplayInputException($"replay: {dataDirectory} already holds telemetry; give --data-dir a new folder");
        using var slots = new SemaphoreSlim(settings.Jobs);
        var sites = await Task.WhenAll(models.Select(async model =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return (Model: model, Sites: await RunFormatAsync(script, model, progress, cancellationToken));
            }
            finally
            {
                slots.Release();
            }
        }));
        var telemetry = FormatReportBuilder.FromDatabase(database, minSampleSize: 1);
        return sites.Select(s => new FormatReplay(s.Model, s.Sites, telemetry.Formats.SingleOrDefault(f => f.Label == s.Model.Label))).ToArray();
    }

    private async Task<IReadOnlyList<SiteOutcome>> RunFormatAsync(ReplayScript script, ReplayModel model, IProgress<string> progress, CancellationToken cancellationToken)
    {
        await using var server = ProcessLspConnection.Start(dataDirectory);
        await server.InitializeAsync(new Uri(script.Repository + "/").AbsoluteUri, cancellationToken);
        await LoadAsync(server, model, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var outcomes = await new ReplayDeveloper(server).PlayAsync(script, cancellationToken);
        if (!await WaitForBuildResultsAsync(server, model.Label, outcomes.Sum(o => o.Accepted), cancellationToken))
            progress.Report($"{model.Label}: some build checks were still running after {BuildResultsTimeout.TotalSeconds:F0} s; build OK counts those recorded");
        await server.ShutdownAsync(cancellationToken);
        progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"{model.Label}: {outcomes.Count} sites, {outcomes.Sum(o => o.Shown)} suggestions shown, {outcomes.Sum(o => o.Accepted)} accepted, in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        return outcomes;
    }

    private async Task LoadAsync(LspConnection server, ReplayModel model, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LoadTimeout);
        var ready = server.NextStatusAsync(s => s.State is "ready" or "error" && s.Format == model.Label, timeout.Token);
        server.Settings = JsonSerializer.SerializeToNode(new
        {
            models = new Dictionary<string, string> { [model.Label] = model.Path },
            quantFormat = model.Label,
            threads = settings.Threads,
            contextSize = settings.ContextFor(model),
            maxTokens = settings.MaxTokens,
            verify = settings.Verify,
        })!.AsObject();
        await server.NotifyAsync("workspace/didChangeConfiguration", new DidChangeConfigurationParams());
        var status = await ready;
        if (status.State != "ready")
            throw new ReplayInputException($"replay: {model.Label} ({model.Path}) did not load: {status.Message}");
    }

    /// <summary>The build check of a save runs after the save returns; the report counts it once it is recorded.</summary>
    private static async Task<bool> WaitForBuildResultsAsync(LspConnection server, string label, int accepted, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + BuildResultsTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var report = await server.RequestAsync<JsonElement>("workspace/executeCommand", new ExecuteCommandParams("codeassist.formatReport"), cancellationToken);
            var checkedBuilds = report.GetProperty("formats").EnumerateArray()
                .Where(f => f.GetProperty("label").GetString() == label)
                .Sum(f => f.GetProperty("buildSuccess").GetProperty("n").GetInt32());
            if (checkedBuilds >= accepted)
                return true;
            await Task.Delay(200, cancellationToken);
        }
        return false;
    }
}
