using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace CodeAssist.Server.Lsp.Behaviors;

/// <summary>
/// Turns failures into JSON-RPC errors: the client gets a code and a one-line message, never a stack trace;
/// the server log gets everything. Failed notifications have nobody to answer, so they are logged and reported.
/// </summary>
public sealed class ErrorBehavior<TMessage, TResponse>(
    LanguageClient client,
    ILogger<ErrorBehavior<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var method = LspMethodOf<TMessage>.Value;
        try
        {
            return await next(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // StreamJsonRpc answers RequestCancelled (-32800) for a cancelled token.
            throw;
        }
        catch (Exception e) when (method.IsNotification)
        {
            logger.LogError(e, "{Method} failed", method.Name);
            client.LogMessage(MessageType.Error, $"{method.Name} failed: {e.Message}");
            return default!;
        }
        catch (LspException e)
        {
            logger.LogWarning("{Method} answered error {Code}: {Message}", method.Name, e.Code, e.LogMessage);
            throw new LocalRpcException(e.Message) { ErrorCode = e.Code };
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} failed", method.Name);
            throw new LocalRpcException($"{method.Name} failed: {e.Message}") { ErrorCode = ErrorCodes.InternalError };
        }
    }
}
