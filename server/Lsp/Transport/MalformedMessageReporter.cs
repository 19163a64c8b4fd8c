using CodeAssist.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Lsp.Transport;

/// <summary>
/// What happens to a message the sanitizer could not forward: one error line in the server log and in the client's
/// output (window/logMessage), and an error answer when it was a request. The reason names the problem, never the
/// message's content.
/// </summary>
public sealed class MalformedMessageReporter(LspMessageHandler handler, LanguageClient client, ILogger<MalformedMessageReporter> logger)
    : IMalformedMessages
{
    public async ValueTask ReportAsync(Screening screening, CancellationToken cancellationToken)
    {
        var reason = screening switch
        {
            Screening.Drop drop => drop.Reason,
            Screening.Refuse refuse => refuse.Reason,
            _ => null,
        };
        if (reason is null)
            return;
        logger.LogError("Malformed message from the client: {Reason}", reason);
        client.LogMessage(MessageType.Error, $"Malformed message ignored: {reason}");
        if (screening is Screening.Refuse answer)
            await handler.AnswerErrorAsync(answer.Id, answer.Code, $"Malformed message: {answer.Reason}", cancellationToken);
    }
}
