using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;
using Mediator;

namespace CodeAssist.Server.Refactoring;

[LspMethod("textDocument/codeAction")]
public sealed record CodeActionRequest(CodeActionParams Params, DocumentSnapshot Documents) : IRequest<CodeAction[]>;

/// <summary>textDocument/codeAction: cheap offers from the syntax tree; the model runs only on resolve.</summary>
public sealed class CodeActionHandler(Refactorings refactorings) : IRequestHandler<CodeActionRequest, CodeAction[]>
{
    public async ValueTask<CodeAction[]> Handle(CodeActionRequest request, CancellationToken cancellationToken)
    {
        var document = request.Documents.Get(request.Params.TextDocument.Uri);
        var offered = await refactorings.Service.CodeActionsAsync(document, request.Params, request.Documents.Encoding, cancellationToken);
        foreach (var offer in offered.Offers)
            refactorings.Record(document, offer.Data.Id, RefactorStage.Offered, offer.Kind.WireName());
        return offered.Actions;
    }
}
