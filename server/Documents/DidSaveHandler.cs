using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Documents;

[LspMethod("textDocument/didSave", Mutates = true)]
public sealed record DidSaveNotification(DidSaveTextDocumentParams Params) : ILspNotification;

public sealed class DidSaveHandler(DocumentStore documents, DocumentListeners listeners) : IRequestHandler<DidSaveNotification>
{
    public ValueTask<Unit> Handle(DidSaveNotification notification, CancellationToken cancellationToken)
    {
        listeners.Saved(documents.Save(notification.Params.TextDocument.Uri));
        return ValueTask.FromResult(Unit.Value);
    }
}
