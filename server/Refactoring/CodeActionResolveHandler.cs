using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;
using Mediator;

namespace CodeAssist.Server.Refactoring;

[LspMethod("codeAction/resolve")]
public sealed record CodeActionResolveRequest(CodeAction Params, DocumentSnapshot Documents) : IRequest<CodeAction>;

/// <summary>codeAction/resolve: runs the model, verifies with Roslyn (one retry), answers a minimal edit or a clear failure.</summary>
public sealed class CodeActionResolveHandler(Refactorings refactorings, LanguageClient client) : IRequestHandler<CodeActionResolveRequest, CodeAction>
{
    public async ValueTask<CodeAction> Handle(CodeActionResolveRequest request, CancellationToken cancellationToken)
    {
        var data = RefactoringService.ReadData(request.Params.Data ?? throw new LspException(ErrorCodes.InvalidParams, "The code action carries no data."));
        var document = request.Documents.Get(data.Uri);
        using var progress = await client.BeginProgressAsync($"CodeAssist: {request.Params.Title}", cancellationToken);
        try
        {
            var (action, result) = await refactorings.Service.ResolveAsync(document, request.Params, request.Documents.Encoding,
                new Progress<RefactorProgress>(p => progress.Report(p.Message)), cancellationToken);
            refactorings.Record(document, data.Id, RefactorStage.Resolved, data.Kind, result.VerdictName);
            refactorings.Record(document, data.Id, RefactorStage.Verdict, data.Kind, result.VerdictName);
            return action;
        }
        catch (RefactorFailedException e)
        {
            refactorings.Record(document, data.Id, RefactorStage.Verdict, data.Kind, e.Result.VerdictName);
            throw new LspException(ErrorCodes.RequestFailed, $"{request.Params.Title} failed: {e.Message}") { LogMessage = e.LogSummary };
        }
    }
}
