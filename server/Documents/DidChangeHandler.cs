using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Documents;

[LspMethod("textDocument/didChange", Mutates = true)]
public sealed record DidChangeNotification(DidChangeTextDocumentParams Params) : ILspNotification;

public sealed class DidChangeHandler(DocumentStore documents, DocumentListeners listeners) : IRequestHandler<DidChangeNotification>
{
    public ValueTask<Unit> Handle(DidChangeNotification notification, CancellationToken cancellationToken)
    {
        listeners.Changed(documents.Change(notification.Params.TextDocument, notification.Params.ContentChanges));
        return ValueTask.FromResult(Unit.Value);
    }
}
