using System.Text.Json;
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
        var action = request.Params;
        var data = RefactorRequests.ReadData(action.Data ?? throw new LspException(ErrorCodes.InvalidParams, "The code action carries no data."));
        var document = request.Documents.Get(data.Uri);
        return await RefactorRequests.RunAsync(refactorings, client, request.Documents, document, data, $"CodeAssist: {action.Title}", action.Title,
            (edit, result) =>
            {
                refactorings.Record(document, data.Id, RefactorStage.Verdict, data.Kind, result.VerdictName);
                var applied = new Command("Refactoring applied", RefactorCommands.Applied, [JsonSerializer.SerializeToElement(data.Id)]);
                return Task.FromResult(action with { Edit = edit, Command = applied });
            }, cancellationToken);
    }
}
