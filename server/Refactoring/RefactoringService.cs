using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using CodeAssist.Server.Verification;
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
/// What the code action handlers call: offers actions from the syntax tree, resolves one by running the engine against
/// the document version it was offered for, and turns the result into a versioned <see cref="WorkspaceEdit"/>.
/// </summary>
public sealed class RefactoringService(RoslynWorkspaceHost workspace, RefactoringCatalog catalog, RefactoringEngine engine, RefactorUndoTracker undo)
{
    /// <summary>The actions for <c>textDocument/codeAction</c>; none for a document that is not a C# file.</summary>
    public async Task<OfferedActions> CodeActionsAsync(TextDocument document, CodeActionParams request, PositionEncoding encoding, CancellationToken cancellationToken)
    {
        if (document.LanguageId != "csharp" || document.FilePath is not { } path)
            return new OfferedActions([], []);
        var root = (await Sync(document, path).GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var selection = Span(document, request.Range, encoding);
        var diagnostics = request.Context.Diagnostics
            .Select(d => new RangeDiagnostic(Span(document, d.Range, encoding), d.Message, d.Code?.ToString()))
            .ToList();
        var offers = catalog.Offer(root, document.Uri, document.Version, selection, diagnostics)
            .Where(offer => request.Context.Only is not { } only || only.Any(kind => Includes(kind, offer.Kind.CodeActionKindOf())))
            .ToList();
        return new OfferedActions([.. offers.Select(offer => ToCodeAction(offer, request.Context.Diagnostics))], offers);
    }

    /// <summary>
    /// Runs a built-in action for <c>codeAction/resolve</c>: the action comes back with its edit and the
    /// <see cref="RefactorCommands.Applied"/> command, or an <see cref="LspException"/> (RequestFailed) says why there is none.
    /// </summary>
    public async Task<(CodeAction Action, RefactorResult Result)> ResolveAsync(
        TextDocument document, CodeAction action, PositionEncoding encoding, IProgress<RefactorProgress>? progress, CancellationToken cancellationToken)
    {
        var data = ReadData(action.Data ?? throw new LspException(ErrorCodes.InvalidParams, "The code action carries no data."));
        var (edit, result) = await RunAsync(document, data, encoding, progress, cancellationToken).ConfigureAwait(false);
        return (action with { Edit = edit, Command = new Command("Refactoring applied", RefactorCommands.Applied, [JsonSerializer.SerializeToElement(data.Id)]) }, result);
    }

    /// <summary>Runs <see cref="RefactorCommands.Refactor"/>: the edit the server then sends with <c>workspace/applyEdit</c>.</summary>
    public Task<(WorkspaceEdit Edit, RefactorResult Result)> ExecuteAsync(
        TextDocument document, JsonElement[] arguments, PositionEncoding encoding, IProgress<RefactorProgress>? progress, CancellationToken cancellationToken)
    {
        if (arguments is not [var dataArgument, ..])
            throw new LspException(ErrorCodes.InvalidParams, $"{RefactorCommands.Refactor} needs the action's data as its first argument.");
        var data = ReadData(dataArgument);
        var instruction = arguments.Length > 1 && arguments[1].ValueKind == JsonValueKind.String ? arguments[1].GetString() : data.Instruction;
        if (string.IsNullOrWhiteSpace(instruction))
            throw new LspException(ErrorCodes.InvalidParams, $"{RefactorCommands.Refactor} needs an instruction as its second argument.");
        return RunAsync(document, data with { Instruction = instruction }, encoding, progress, cancellationToken);
    }

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

    private async Task<(WorkspaceEdit Edit, RefactorResult Result)> RunAsync(
        TextDocument document, RefactorData data, PositionEncoding encoding, IProgress<RefactorProgress>? progress, CancellationToken cancellationToken)
    {
        if (document.Version != data.Version || document.OutOfSync)
            throw new LspException(ErrorCodes.ContentModified, $"{document.Uri} changed since the refactoring was offered; ask again.");
        var path = document.FilePath ?? throw new LspException(ErrorCodes.InvalidParams, $"{document.Uri} is not a file.");
        var result = await engine.ResolveAsync(Sync(document, path), data, progress, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new RefactorFailedException(result);
        undo.Resolved(data.Id, document.Uri, document.Text);
        return (ToWorkspaceEdit(document.Uri, document.Version, result.Edits, document.Lines, encoding), result);
    }

    /// <summary>The Roslyn document with the editor's text; set only when it differs so Roslyn keeps its caches.</summary>
    private Microsoft.CodeAnalysis.Document Sync(TextDocument document, string path)
    {
        var current = workspace.GetDocument(path);
        if (current.TryGetText(out var text) && text.Length == document.Text.Length && text.ToString() == document.Text)
            return current;
        workspace.SetOpenDocumentText(path, document.Text);
        return workspace.GetDocument(path);
    }

    /// <summary>LSP kinds are hierarchical: "refactor" includes "refactor.rewrite"; the empty kind includes all.</summary>
    private static bool Includes(string requested, string kind) =>
        requested.Length == 0 || kind == requested || kind.StartsWith(requested + ".", StringComparison.Ordinal);

    private static TextSpan Span(TextDocument document, Range range, PositionEncoding encoding)
    {
        try
        {
            var start = document.Lines.ToOffset(range.Start, encoding);
            return TextSpan.FromBounds(start, Math.Max(start, document.Lines.ToOffset(range.End, encoding)));
        }
        catch (PositionOutOfRangeException e)
        {
            throw new LspException(ErrorCodes.InvalidParams, e.Message, e);
        }
    }
}

/// <summary>The code actions for a request and the offers behind them (the handler records one "offered" event per offer).</summary>
public sealed record OfferedActions(CodeAction[] Actions, IReadOnlyList<OfferedRefactoring> Offers);

/// <summary>A refactoring ended without an edit; the message is for the user, <see cref="Result"/> for telemetry.</summary>
public sealed class RefactorFailedException(RefactorResult result) : Exception(result.Failure ?? result.Verdict.ToWireName())
{
    public RefactorResult Result { get; } = result;

    /// <summary>The failure without the rewrite's lines, for the log file.</summary>
    public string LogSummary => $"refactoring failed: {Result.VerdictName} after {Result.Attempts} attempt(s), {Result.Problems.Count} problem(s)";
}
