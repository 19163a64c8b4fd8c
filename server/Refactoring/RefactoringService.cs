using CodeAssist.Server.Documents;
using CodeAssist.Server.Verification;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// The refactorings of C# documents: offers them from the syntax tree, and runs one with the engine against the document
/// version it was offered for. It takes documents and offsets; the handlers do the protocol (<see cref="RefactorRequests"/>).
/// </summary>
public sealed class RefactoringService(RoslynWorkspaceHost workspace, RefactoringCatalog catalog, RefactoringEngine engine, RefactorUndoTracker undo)
{
    /// <summary>Whether a document gets refactorings: a C# file.</summary>
    public static bool Refactors(TextDocument document) => document is { LanguageId: "csharp", FilePath: not null };

    /// <summary>The refactorings offered for <paramref name="selection"/>; none for a document that is not a C# file.</summary>
    public async Task<IReadOnlyList<OfferedRefactoring>> OfferAsync(
        TextDocument document, TextSpan selection, IReadOnlyList<RangeDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (!Refactors(document))
            return [];
        var root = (await Sync(document, document.FilePath!).GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return catalog.Offer(root, document.Uri, document.Version, selection, diagnostics);
    }

    /// <summary>
    /// Runs <paramref name="data"/> on <paramref name="document"/>: the result and its edits, remembered for undo detection.
    /// <see cref="RefactorOutdatedException"/> when the document is not the version the refactoring was offered for,
    /// <see cref="RefactorNotAFileException"/> when it is no file, <see cref="RefactorFailedException"/> when the
    /// refactoring ended without an edit.
    /// </summary>
    public async Task<RefactorResult> RunAsync(
        TextDocument document, RefactorData data, IProgress<RefactorProgress>? progress, CancellationToken cancellationToken)
    {
        if (document.Version != data.Version || document.OutOfSync)
            throw new RefactorOutdatedException(document.Uri);
        var path = document.FilePath ?? throw new RefactorNotAFileException(document.Uri);
        var result = await engine.ResolveAsync(Sync(document, path), data, progress, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new RefactorFailedException(result);
        undo.Resolved(data.Id, document.Uri, document.Text);
        return result;
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
}

/// <summary>The document changed since the refactoring was offered (or is out of sync with the editor): ask again.</summary>
public sealed class RefactorOutdatedException(string uri) : Exception($"{uri} changed since the refactoring was offered; ask again.");

/// <summary>The refactoring names a document that is not a file, so Roslyn cannot compile it.</summary>
public sealed class RefactorNotAFileException(string uri) : Exception($"{uri} is not a file.");

/// <summary>A refactoring ended without an edit; the message is for the user, <see cref="Result"/> for telemetry.</summary>
public sealed class RefactorFailedException(RefactorResult result) : Exception(result.Failure ?? result.Verdict.ToWireName())
{
    public RefactorResult Result { get; } = result;

    /// <summary>The failure without the rewrite's lines, for the log file.</summary>
    public string LogSummary => $"refactoring failed: {Result.VerdictName} after {Result.Attempts} attempt(s), {Result.Problems.Count} problem(s)";
}
