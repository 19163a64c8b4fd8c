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
        if (!RefactoringService.Refactors(document))
            return [];
        var context = request.Params.Context;
        var selection = RefactorRequests.Span(request.Documents, document, request.Params.Range);
        var diagnostics = context.Diagnostics
            .Select(d => new RangeDiagnostic(RefactorRequests.Span(request.Documents, document, d.Range), d.Message, d.Code?.ToString()))
            .ToList();
        var offers = (await refactorings.Service.OfferAsync(document, selection, diagnostics, cancellationToken))
            .Where(offer => RefactorRequests.IsRequested(offer, context.Only))
            .ToList();
        foreach (var offer in offers)
            refactorings.Record(document, offer.Data.Id, RefactorStage.Offered, offer.Kind.WireName());
        return [.. offers.Select(offer => RefactorRequests.ToCodeAction(offer, context.Diagnostics))];
    }
}
