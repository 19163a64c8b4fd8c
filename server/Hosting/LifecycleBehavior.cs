using CodeAssist.Server.Lifecycle;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;
using Microsoft.Extensions.Logging;
using CodeAssist.Server.Lsp;

namespace CodeAssist.Server.Hosting;

/// <summary>
/// Enforces the LSP lifecycle: before initialize, requests get ServerNotInitialized and notifications are dropped
/// (exit excepted); after shutdown, only exit is served.
/// </summary>
public sealed class LifecycleBehavior<TMessage, TResponse>(
    ServerLifecycle lifecycle,
    ILogger<LifecycleBehavior<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is ExitNotification)
            return next(message, cancellationToken);
        var method = LspMethodOf<TMessage>.Value;
        switch (lifecycle.State)
        {
            case LifecycleState.Uninitialized when message is not InitializeRequest:
                if (method.IsNotification)
                {
                    logger.LogWarning("{Method} before initialize; dropped", method.Name);
                    return ValueTask.FromResult<TResponse>(default!);
                }
                throw new LspException(ErrorCodes.ServerNotInitialized, $"{method.Name} before initialize: the server is not initialized.");
            case LifecycleState.Initialized when message is InitializeRequest:
                throw new LspException(ErrorCodes.InvalidRequest, "initialize was already called.");
            case LifecycleState.ShuttingDown:
                if (method.IsNotification)
                    return ValueTask.FromResult<TResponse>(default!);
                throw new LspException(ErrorCodes.InvalidRequest, $"{method.Name} after shutdown: only exit is accepted.");
        }
        return next(message, cancellationToken);
    }
}
