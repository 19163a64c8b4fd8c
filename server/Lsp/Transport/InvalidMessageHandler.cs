using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Lsp.Transport;

/// <summary>A message the sanitizer could not forward; with an id it is a request, so the client gets an error for it.</summary>
[LspMethod(InvalidMessageNotification.Method)]
public sealed record InvalidMessageRequest(InvalidMessageNotification.Params Params) : IRequest<object?>;

public sealed class InvalidMessageHandler(LanguageClient client) : IRequestHandler<InvalidMessageRequest, object?>
{
    public ValueTask<object?> Handle(InvalidMessageRequest request, CancellationToken cancellationToken)
    {
        var message = $"Malformed message ignored: {request.Params.Reason}";
        client.LogMessage(MessageType.Error, message);
        throw new LspException(ErrorCodes.InvalidRequest, message);
    }
}
