using System.Diagnostics;
using System.Text.Json;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Benchmarks.Soak;

/// <summary>
/// One soak against a real server: a user types statements into a file (and deletes them again, so the file keeps its
/// size), with an inline completion per keystroke; switches the quant format every so often without waiting for the
/// load; now and then opens big files and closes them. The process is sampled after every step, and the run stops
/// early when the server exits, which is a crash.
/// </summary>
public sealed class SoakRun(ProcessLspConnection server, IReadOnlyList<BenchModel> models, SoakPlan plan, string projectDirectory, Action<string> report)
{
    private const string Statement = "total += input * _totals.Count;";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StatusQuiet = TimeSpan.FromSeconds(2);

    /// <summary>The end is sampled after the last of the server's collections that follow a close.</summary>
    public static readonly TimeSpan EndDelay = ClosedDocumentMemory.Quiet + ClosedDocumentMemory.PoolTrimInterval * ClosedDocumentMemory.FollowUps + TimeSpan.FromSeconds(2);

    private readonly string _typedUri = new Uri(Path.Combine(projectDirectory, "Orders.cs")).AbsoluteUri;
    private ProcessSample? _peak;
    private int _version = 1;
    private int _typed;
    private int _keystrokes, _completions, _failed, _switches, _bigOpened;

    public async Task<SoakResult> RunAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(models[0], cancellationToken);
        await server.NotifyAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(_typedUri, "csharp", _version, SoakDocuments.Typed)));
        for (var i = 0; i < plan.WarmupKeystrokes; i++)
            await KeystrokeAsync(cancellationToken);
        // The start is the steady state: model loaded, request path compiled, Roslyn warm, and the warm-up's garbage
        // collected by the server's collection after a close (as the end is), so that it does not flatter the end.
        var small = new Uri(Path.Combine(projectDirectory, "Small.cs")).AbsoluteUri;
        await server.NotifyAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(small, "csharp", 1, "class Small { }")));
        await server.NotifyAsync("textDocument/didClose", new DidCloseTextDocumentParams(new TextDocumentIdentifier(small)));
        await Task.Delay(ClosedDocumentMemory.Quiet + TimeSpan.FromSeconds(1), cancellationToken);
        var start = ProcessSample.Of(server.ProcessId) ?? throw new InvalidOperationException("the server exited during the warm-up");
        _peak = start;
        report($"Soaking for {plan.Duration.TotalMinutes:0.##} min: server pid {server.ProcessId}, {start.ResidentMiB:F0} MiB resident at the start");

        var clock = Stopwatch.StartNew();
        var nextSwitch = plan.SwitchInterval;
        var nextBigDocuments = plan.BigDocumentInterval;
        var format = 0;
        try
        {
            while (clock.Elapsed < plan.Duration && server.ExitCode is null)
            {
                await KeystrokeAsync(cancellationToken);
                if (models.Count > 1 && clock.Elapsed >= nextSwitch)
                {
                    format = (format + 1) % models.Count;
                    await SwitchAsync(models[format]);
                    _switches++;
                    nextSwitch = clock.Elapsed + plan.SwitchInterval;
                }
                if (clock.Elapsed >= nextBigDocuments)
                {
                    await OpenAndCloseBigDocumentsAsync(cancellationToken);
                    nextBigDocuments = clock.Elapsed + plan.BigDocumentInterval;
                }
                await Task.Delay(plan.KeystrokeInterval, cancellationToken);
            }
            var elapsed = clock.Elapsed;
            if (server.ExitCode is null)
            {
                // Measured with the start's model loaded and every document closed, after the server's collections of closed documents.
                if (format != 0)
                    await LoadAsync(models[0], cancellationToken);
                await server.NotifyAsync("textDocument/didClose", new DidCloseTextDocumentParams(new TextDocumentIdentifier(_typedUri)));
                report($"Everything closed; the end is sampled in {EndDelay.TotalSeconds:F0} s, after the server's collections");
                await Task.Delay(EndDelay, cancellationToken);
            }
            return Result(start, server.ExitCode is null ? Sample() : null, elapsed, server.ExitCode);
        }
        catch (LspConnectionLostException)
        {
            // The server went away: a crash, whose exit code is the result.
            await server.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return Result(start, end: null, clock.Elapsed, server.ExitCode);
        }
    }

    private SoakResult Result(ProcessSample start, ProcessSample? end, TimeSpan elapsed, int? crash) =>
        new(start, _peak ?? start, end, _keystrokes, _completions, _failed, _switches, _bigOpened, elapsed, crash);

    private async Task LoadAsync(BenchModel model, CancellationToken cancellationToken)
    {
        var ready = server.NextStatusAsync(s => s.State is "ready" or "error" && s.Format == model.Label, cancellationToken);
        await SwitchAsync(model);
        var exited = server.WaitForExitAsync(cancellationToken);
        while (await Task.WhenAny(ready, exited, Task.Delay(StatusQuiet, cancellationToken)) is var first && first != ready)
        {
            if (first == exited)
                throw new LspConnectionLostException($"the server exited while {model.Label} loaded");
            // No status for a while: the switch the typing loop sent just before this one was folded into it (the
            // server's settings pull already read this choice), so the model stayed loaded and no new status came.
            if (server.LastStatus is { State: "ready" } last && last.Format == model.Label)
                return;
        }
        if (await ready is { State: "error" } failed)
            throw new InvalidOperationException($"{model.Path} did not load: {failed.Message}");
    }

    /// <summary>Changes the format and goes on typing: the switch lands while completions run, as when a user toggles it.</summary>
    private Task SwitchAsync(BenchModel model)
    {
        server.Settings = JsonSerializer.SerializeToNode(new
        {
            models = models.ToDictionary(m => m.Label, m => m.Path),
            quantFormat = model.Label,
            threads = plan.Threads,
            contextSize = 2048,
            maxTokens = 16,
            verify = "annotate",
        })!.AsObject();
        return server.NotifyAsync("workspace/didChangeConfiguration", new DidChangeConfigurationParams());
    }

    /// <summary>Types the next character of <see cref="Statement"/>, or deletes the whole statement once it is complete.</summary>
    private async Task KeystrokeAsync(CancellationToken cancellationToken)
    {
        var start = new Position(SoakDocuments.TypedLine, SoakDocuments.TypedCharacter);
        var change = _typed < Statement.Length
            ? new TextDocumentContentChangeEvent(Statement[_typed].ToString(), new Range(start with { Character = start.Character + _typed }, start with { Character = start.Character + _typed }))
            : new TextDocumentContentChangeEvent("", new Range(start, start with { Character = start.Character + _typed }));
        _typed = _typed < Statement.Length ? _typed + 1 : 0;
        await server.NotifyAsync("textDocument/didChange", new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(_typedUri, ++_version), [change]));
        _keystrokes++;
        var cursor = start with { Character = start.Character + _typed };
        if (await RequestAsync<InlineCompletionList>("textDocument/inlineCompletion",
                new InlineCompletionParams(new TextDocumentIdentifier(_typedUri), cursor, new InlineCompletionContext(InlineCompletionTriggerKind.Automatic)), cancellationToken))
            _completions++;
        Sample();
    }

    private async Task OpenAndCloseBigDocumentsAsync(CancellationToken cancellationToken)
    {
        var uris = Enumerable.Range(0, plan.BigDocuments).Select(i => new Uri(Path.Combine(projectDirectory, $"Big{i}.cs")).AbsoluteUri).ToList();
        for (var i = 0; i < uris.Count; i++)
        {
            await server.NotifyAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uris[i], "csharp", 1, SoakDocuments.Big(i, plan.BigDocumentBytes))));
            // Answered after the open was applied, so the sample below sees the document held.
            await RequestAsync<DocumentState>("codeassist/documentState", new DocumentStateParams(new TextDocumentIdentifier(uris[i])), cancellationToken);
            _bigOpened++;
            Sample();
        }
        foreach (var uri in uris)
            await server.NotifyAsync("textDocument/didClose", new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    /// <summary>A request that may fail (a format still loading answers with an error) without ending the soak.</summary>
    private async Task<bool> RequestAsync<T>(string method, object parameters, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            await server.RequestAsync<T>(method, parameters, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is LspResponseException or LspConnectionLostException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _failed++;
            return false;
        }
    }

    private ProcessSample? Sample()
    {
        var sample = ProcessSample.Of(server.ProcessId);
        if (_peak is not null && sample is not null)
            _peak = _peak.Max(sample);
        return sample;
    }
}
