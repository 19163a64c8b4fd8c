using Mediator;

namespace CodeAssist.Server.Lsp.Behaviors;

/// <summary>A request cancelled while it waited in the queue is answered RequestCancelled without running.</summary>
public sealed class CancellationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return next(message, cancellationToken);
    }
}
