using System.Diagnostics;
using CodeAssist.Server.Lsp.Dispatch;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Lsp.Behaviors;

/// <summary>Logs how long each method took, and traces it to the client when $/setTrace asked for it.</summary>
public sealed class TimingBehavior<TMessage, TResponse>(
    ServerLifecycle lifecycle,
    LanguageClient client,
    ILogger<TimingBehavior<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var method = LspMethodOf<TMessage>.Value.Name;
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception e)
        {
            outcome = e is OperationCanceledException ? "cancelled" : "failed";
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            logger.LogDebug("{Method} {Outcome} in {Elapsed:F2} ms", method, outcome, elapsed);
            if (lifecycle.Trace != "off")
                client.LogTrace($"{method} {outcome} in {elapsed:F2} ms", lifecycle.Trace == "verbose" ? message.ToString() : null);
        }
    }
}
