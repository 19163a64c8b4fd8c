using System.Text.Json;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace CodeAssist.Server.Lsp;

/// <summary>What the server sends to the editor: log and user messages, traces, progress, configuration pulls.</summary>
public sealed class LanguageClient(JsonRpc rpc, ServerLifecycle lifecycle, ILogger<LanguageClient> logger)
{
    private int _progressCounter;

    public void LogMessage(int type, string message) => Notify("window/logMessage", new LogMessageParams(type, message));

    public void ShowMessage(int type, string message) => Notify("window/showMessage", new ShowMessageParams(type, message));

    public void LogTrace(string message, string? verbose) => Notify("$/logTrace", new LogTraceParams(message, verbose));

    /// <summary>Fire and forget: a notification must never hold up a request, and a closed connection is not an error here.</summary>
    public void Notify(string method, object parameters)
    {
        if (rpc.IsDisposed)
            return;
        _ = rpc.NotifyWithParameterObjectAsync(method, parameters).ContinueWith(
            t => logger.LogDebug(t.Exception, "Could not send {Method}", method),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>workspace/configuration for one section; null when the client cannot be asked or did not answer.</summary>
    public async Task<JsonElement?> GetConfigurationAsync(string section, CancellationToken cancellationToken)
    {
        if (!lifecycle.ClientSupportsConfiguration)
            return null;
        try
        {
            var answer = await rpc.InvokeWithParameterObjectAsync<JsonElement[]>(
                "workspace/configuration", new ConfigurationParams([new ConfigurationItem(section)]), cancellationToken);
            return answer is [var first, ..] && first.ValueKind == JsonValueKind.Object ? first : null;
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            logger.LogWarning("workspace/configuration failed: {Message}", e.Message);
            return null;
        }
    }

    /// <summary>workspace/applyEdit: asks the editor to apply an edit the server computed (a command's result).</summary>
    public Task<ApplyWorkspaceEditResult> ApplyEditAsync(ApplyWorkspaceEditParams edit, CancellationToken cancellationToken) =>
        rpc.InvokeWithParameterObjectAsync<ApplyWorkspaceEditResult>("workspace/applyEdit", edit, cancellationToken);

    /// <summary>
    /// Starts a work-done progress shown by the editor; falls back to log messages for clients without
    /// window.workDoneProgress.
    /// </summary>
    public async Task<WorkDoneProgress> BeginProgressAsync(string title, CancellationToken cancellationToken)
    {
        if (!lifecycle.ClientSupportsWorkDoneProgress)
        {
            LogMessage(MessageType.Info, title);
            return new WorkDoneProgress(this, null);
        }
        var token = $"codeassist-{Interlocked.Increment(ref _progressCounter)}";
        try
        {
            await rpc.InvokeWithParameterObjectAsync("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token), cancellationToken);
        }
        catch (RemoteInvocationException e)
        {
            logger.LogWarning("The client refused progress {Token}: {Message}", token, e.Message);
            return new WorkDoneProgress(this, null);
        }
        Notify("$/progress", new ProgressParams<WorkDoneProgressBegin>(token, new WorkDoneProgressBegin(title, Percentage: 0)));
        return new WorkDoneProgress(this, token);
    }
}

/// <summary>A running $/progress; End is sent once, on <see cref="End"/> or disposal.</summary>
public sealed class WorkDoneProgress(LanguageClient client, string? token) : IDisposable
{
    private int _ended;

    public void Report(string message, int? percentage = null)
    {
        if (token is not null)
            client.Notify("$/progress", new ProgressParams<WorkDoneProgressReport>(token, new WorkDoneProgressReport(message, percentage)));
    }

    public void End(string? message = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0 && token is not null)
            client.Notify("$/progress", new ProgressParams<WorkDoneProgressEnd>(token, new WorkDoneProgressEnd(message)));
    }

    public void Dispose() => End();
}
