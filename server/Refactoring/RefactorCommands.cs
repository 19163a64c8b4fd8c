using System.Text.Json;
using CodeAssist.Server.Commands;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Refactoring;

/// <summary><c>codeassist.refactor [data, instruction]</c>: a free-form refactoring; the edit goes to the editor with workspace/applyEdit.</summary>
public sealed class RefactorCommand(Refactorings refactorings, LanguageClient client) : IWorkspaceCommand
{
    public string Name => RefactorCommands.Refactor;

    public async Task<object?> ExecuteAsync(JsonElement[] arguments, DocumentSnapshot documents, CancellationToken cancellationToken)
    {
        var data = arguments is [var first, ..] ? RefactoringService.ReadData(first) : throw new LspException(ErrorCodes.InvalidParams, $"{Name} needs the action's data.");
        var document = documents.Get(data.Uri);
        using var progress = await client.BeginProgressAsync("CodeAssist: refactoring", cancellationToken);
        try
        {
            var (edit, result) = await refactorings.Service.ExecuteAsync(document, arguments, documents.Encoding,
                new Progress<RefactorProgress>(p => progress.Report(p.Message)), cancellationToken);
            refactorings.Record(document, data.Id, RefactorStage.Resolved, data.Kind, result.VerdictName);
            var applied = await client.ApplyEditAsync(new ApplyWorkspaceEditParams(edit, "CodeAssist refactoring"), cancellationToken);
            if (applied.Applied && refactorings.Applied(data.Id))
                refactorings.Record(document, data.Id, RefactorStage.Applied, data.Kind, result.VerdictName);
            return new { applied = applied.Applied, verdict = result.VerdictName };
        }
        catch (RefactorFailedException e)
        {
            refactorings.Record(document, data.Id, RefactorStage.Verdict, data.Kind, e.Result.VerdictName);
            throw new LspException(ErrorCodes.RequestFailed, $"Refactoring failed: {e.Message}") { LogMessage = e.LogSummary };
        }
    }
}

/// <summary><c>codeassist.refactorApplied [id]</c>: the editor applied a resolved action's edit (the command it carries).</summary>
public sealed class RefactorAppliedCommand(Refactorings refactorings) : IWorkspaceCommand
{
    public string Name => RefactorCommands.Applied;

    public Task<object?> ExecuteAsync(JsonElement[] arguments, DocumentSnapshot documents, CancellationToken cancellationToken)
    {
        var id = CommandArguments.First<string>(arguments, Name);
        var recorded = refactorings.Applied(id);
        if (recorded)
            refactorings.Record(null, id, RefactorStage.Applied);
        return Task.FromResult<object?>(new { recorded });
    }
}
