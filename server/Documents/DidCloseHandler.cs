using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Documents;

[LspMethod("textDocument/didClose", Mutates = true)]
public sealed record DidCloseNotification(DidCloseTextDocumentParams Params) : ILspNotification;

public sealed class DidCloseHandler(DocumentStore documents, DocumentListeners listeners) : IRequestHandler<DidCloseNotification>
{
    public ValueTask<Unit> Handle(DidCloseNotification notification, CancellationToken cancellationToken)
    {
        listeners.Changed(documents.Close(notification.Params.TextDocument.Uri));
        return ValueTask.FromResult(Unit.Value);
    }
}
