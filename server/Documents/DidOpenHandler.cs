using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Documents;

[LspMethod("textDocument/didOpen", Mutates = true)]
public sealed record DidOpenNotification(DidOpenTextDocumentParams Params) : ILspNotification;

public sealed class DidOpenHandler(DocumentStore documents, DocumentListeners listeners) : IRequestHandler<DidOpenNotification>
{
    public ValueTask<Unit> Handle(DidOpenNotification notification, CancellationToken cancellationToken)
    {
        listeners.Changed(documents.Open(notification.Params.TextDocument));
        return ValueTask.FromResult(Unit.Value);
    }
}
