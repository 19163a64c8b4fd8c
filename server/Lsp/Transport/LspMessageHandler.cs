using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace CodeAssist.Server.Lsp.Transport;

/// <summary>
/// The base protocol's message handler with the checks that need to know the conversation, which StreamJsonRpc
/// would otherwise answer by closing the connection or by answering twice:
/// <list type="bullet">
/// <item>a response is passed on only when it answers a request the server sent and has not yet seen answered (editors
/// send late and duplicate answers, e.g. after a restart);</item>
/// <item>a request whose id is still in flight gets one InvalidRequest error, and the first keeps its answer;</item>
/// <item>a request method sent as a notification (e.g. <c>shutdown</c> without an id) is ignored with a log line.</item>
/// </list>
/// </summary>
public sealed class LspMessageHandler(PipeWriter writer, PipeReader reader, IJsonRpcMessageFormatter formatter, ILogger<LspMessageHandler> logger)
    : HeaderDelimitedMessageHandler(writer, reader, formatter)
{
    private readonly Lock _gate = new();
    private readonly HashSet<RequestId> _sent = [];
    private readonly HashSet<RequestId> _inFlight = [];
    private readonly HashSet<JsonRpcMessage> _duplicateAnswers = [];

    /// <summary>Tells request methods from notification methods; set once the router has bound them.</summary>
    public Func<string, bool> IsRequestMethod { get; set; } = _ => false;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await base.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
            if (message is null || await AcceptAsync(message, cancellationToken).ConfigureAwait(false))
                return message;
            // The pipe keeps a message's bytes until its reader says it is done with them; nobody else will for this one.
            ((IJsonRpcMessageBufferManager)this).DeserializationComplete(message);
        }
    }

    protected override void Write(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            switch (content)
            {
                case JsonRpcRequest { IsResponseExpected: true } request:
                    _sent.Add(request.RequestId);
                    break;
                case JsonRpcResult or JsonRpcError when !_duplicateAnswers.Remove(content):
                    _inFlight.Remove(((IJsonRpcMessageWithId)content).RequestId);
                    break;
            }
        }
        base.Write(content, cancellationToken);
    }

    /// <summary>Answers a request with an error outside StreamJsonRpc's dispatch (for messages it never sees).</summary>
    public ValueTask AnswerErrorAsync(RequestId id, int code, string message, CancellationToken cancellationToken) =>
        WriteAsync(new JsonRpcError { RequestId = id, Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)code, Message = message } }, cancellationToken);

    private async ValueTask<bool> AcceptAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case JsonRpcResult or JsonRpcError:
                var answered = ((IJsonRpcMessageWithId)message).RequestId;
                bool expected;
                lock (_gate)
                    expected = _sent.Remove(answered);
                if (!expected)
                    logger.LogWarning("A response to {Id}, which the server did not ask or was already answered; ignored", answered);
                return expected;

            case JsonRpcRequest { IsNotification: true } notification when IsRequestMethod(notification.Method ?? ""):
                logger.LogWarning("{Method} sent as a notification (no id) but it is a request; ignored", notification.Method);
                return false;

            case JsonRpcRequest { IsNotification: false } request:
                JsonRpcError? duplicate = null;
                lock (_gate)
                {
                    if (!_inFlight.Add(request.RequestId))
                    {
                        duplicate = new JsonRpcError
                        {
                            RequestId = request.RequestId,
                            Error = new JsonRpcError.ErrorDetail
                            {
                                Code = JsonRpcErrorCode.InvalidRequest,
                                Message = $"The request id {request.RequestId} is already in use by a request in flight; this one is not run.",
                            },
                        };
                        _duplicateAnswers.Add(duplicate);
                    }
                }
                if (duplicate is null)
                    return true;
                logger.LogWarning("{Method} reuses the id {Id} of a request in flight; refused", request.Method, request.RequestId);
                await WriteAsync(duplicate, cancellationToken).ConfigureAwait(false);
                return false;

            default:
                return true;
        }
    }
}
