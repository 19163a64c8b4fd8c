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
        var data = arguments is [var first, ..] ? RefactorRequests.ReadData(first) : throw new LspException(ErrorCodes.InvalidParams, $"{Name} needs the action's data.");
        var document = documents.Get(data.Uri);
        var instruction = arguments.Length > 1 && arguments[1].ValueKind == JsonValueKind.String ? arguments[1].GetString() : data.Instruction;
        if (string.IsNullOrWhiteSpace(instruction))
            throw new LspException(ErrorCodes.InvalidParams, $"{Name} needs an instruction as its second argument.");
        return await RefactorRequests.RunAsync(refactorings, client, documents, document, data with { Instruction = instruction }, "CodeAssist: refactoring", "Refactoring",
            async (edit, result) =>
            {
                var applied = await client.ApplyEditAsync(new ApplyWorkspaceEditParams(edit, "CodeAssist refactoring"), cancellationToken);
                if (applied.Applied && refactorings.Applied(data.Id))
                    refactorings.Record(document, data.Id, RefactorStage.Applied, data.Kind, result.VerdictName);
                return (object?)new { applied = applied.Applied, verdict = result.VerdictName };
            }, cancellationToken);
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
