using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

public static class RefactorCommands
{
    /// <summary>Free-form refactoring; arguments: the action's data, then the instruction (clients without an input box pass it).</summary>
    public const string Refactor = "codeassist.refactor";

    /// <summary>Carried by a resolved action's edit: the client runs it after applying the edit; argument: the refactoring's id.</summary>
    public const string Applied = "codeassist.refactorApplied";
}

/// <summary>
/// The protocol side of the code action handlers and the refactor command: what a code action carries, LSP ranges as
/// spans, offers as code actions, a result as a versioned <see cref="WorkspaceEdit"/>, and <see cref="RefactoringService"/>'s
/// failures as the LSP errors the client sees.
/// </summary>
public static class RefactorRequests
{
    /// <summary>The refactoring a code action or command argument carries; its uri names the document to pass back.</summary>
    public static RefactorData ReadData(JsonElement data)
    {
        try
        {
            return data.Deserialize<RefactorData>(LspJson.Options) ?? throw new LspException(ErrorCodes.InvalidParams, "The code action's data is null.");
        }
        catch (JsonException e)
        {
            throw new LspException(ErrorCodes.InvalidParams, $"The code action's data is not a CodeAssist refactoring: {e.Message}", e);
        }
    }

    /// <summary>The span of an LSP range; one that ends before it starts is empty at its start. InvalidParams outside the document.</summary>
    public static TextSpan Span(DocumentSnapshot documents, TextDocument document, Range range)
    {
        var start = documents.OffsetOf(document, range.Start);
        return TextSpan.FromBounds(start, Math.Max(start, documents.OffsetOf(document, range.End)));
    }

    /// <summary>LSP kinds are hierarchical: "refactor" includes "refactor.rewrite"; the empty kind includes all, and no list asks for all.</summary>
    public static bool IsRequested(OfferedRefactoring offer, IReadOnlyList<string>? only) =>
        only is null || only.Any(requested => Includes(requested, offer.Kind.CodeActionKindOf()));

    private static bool Includes(string requested, string kind) =>
        requested.Length == 0 || kind == requested || kind.StartsWith(requested + ".", StringComparison.Ordinal);

    public static CodeAction ToCodeAction(OfferedRefactoring offer, IReadOnlyList<Diagnostic> diagnostics)
    {
        var data = JsonSerializer.SerializeToElement(offer.Data, LspJson.Options);
        return new CodeAction
        {
            Title = offer.Title,
            Kind = offer.Kind.CodeActionKindOf(),
            Diagnostics = offer.DiagnosticIndex is { } index ? [diagnostics[index]] : null,
            Command = offer.Kind == RefactoringKind.Custom ? new Command(offer.Title, RefactorCommands.Refactor, [data]) : null,
            Data = offer.Kind == RefactoringKind.Custom ? null : data,
        };
    }

    public static WorkspaceEdit ToWorkspaceEdit(string uri, int version, IReadOnlyList<TextChange> changes, LineIndex lines, PositionEncoding encoding) =>
        new(DocumentChanges:
        [
            new TextDocumentEdit(
                new OptionalVersionedTextDocumentIdentifier(uri, version),
                [.. changes.Select(c => new TextEdit(new Range(lines.ToPosition(c.Span.Start, encoding), lines.ToPosition(c.Span.End, encoding)), c.NewText!))]),
        ]);

    /// <summary>
    /// Runs <paramref name="data"/> on <paramref name="document"/> under a progress notification titled <paramref name="title"/>,
    /// records it as resolved, and answers what <paramref name="respond"/> makes of its edit. A document changed since the
    /// offer is ContentModified, one that is no file InvalidParams, and a refactoring without an edit RequestFailed
    /// ("<paramref name="failed"/> failed: ...") once its verdict is recorded.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        Refactorings refactorings, LanguageClient client, DocumentSnapshot documents, TextDocument document, RefactorData data,
        string title, string failed, Func<WorkspaceEdit, RefactorResult, Task<T>> respond, CancellationToken cancellationToken)
    {
        using var progress = await client.BeginProgressAsync(title, cancellationToken);
        try
        {
            var result = await refactorings.Service.RunAsync(document, data, new Progress<RefactorProgress>(p => progress.Report(p.Message)), cancellationToken);
            refactorings.Record(document, data.Id, RefactorStage.Resolved, data.Kind, result.VerdictName);
            return await respond(ToWorkspaceEdit(document.Uri, document.Version, result.Edits, document.Lines, documents.Encoding), result);
        }
        catch (RefactorOutdatedException e)
        {
            throw new LspException(ErrorCodes.ContentModified, e.Message, e);
        }
        catch (RefactorNotAFileException e)
        {
            throw new LspException(ErrorCodes.InvalidParams, e.Message, e);
        }
        catch (RefactorFailedException e)
        {
            refactorings.Record(document, data.Id, RefactorStage.Verdict, data.Kind, e.Result.VerdictName);
            throw new LspException(ErrorCodes.RequestFailed, $"{failed} failed: {e.Message}", e) { LogMessage = e.LogSummary };
        }
    }
}
