using CodeAssist.Server.Documents;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using TextDocument = CodeAssist.Server.Documents.TextDocument;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Telemetry;

public sealed record BuildOutcome(bool RegionHasErrors, int NewDocumentErrors, int? NewProjectErrors);

/// <summary>
/// Does the code still build after an accept? Compiles the document as it is now and as it was when the suggestion was
/// shown, with Roslyn, and compares the errors; its whole project too when the edit changed a declaration.
/// </summary>
public sealed class BuildCheck(WorkspaceSync workspace) : IDisposable
{
    // Checks run in the background after a save and at each survival checkpoint of every accept, often several at
    // once; one at a time, they take one core at most and leave the others to the completions the user waits for.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<BuildOutcome> CompareAsync(TextDocument before, TextDocument now, int regionStart, int regionEnd)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            var baseline = workspace.DocumentFor(before);
            var current = workspace.DocumentFor(now);
            var beforeErrors = await DocumentErrorsAsync(baseline);
            var nowErrors = await DocumentErrorsAsync(current);
            var region = TextSpan.FromBounds(regionStart, Math.Max(regionStart, regionEnd));
            var regionHasErrors = nowErrors.Any(d => d.Location.SourceSpan.IntersectsWith(region) || region.Contains(d.Location.SourceSpan.Start));
            // Other documents bind only to this one's declarations (const values included): while those are the same,
            // the project's errors changed exactly as the document's did, without compiling the whole project twice.
            var documentDelta = nowErrors.Count - beforeErrors.Count;
            var projectDelta = await SameDeclarationsAsync(baseline, current)
                ? documentDelta
                : await ProjectErrorCountAsync(current.Project) - await ProjectErrorCountAsync(baseline.Project);
            return new BuildOutcome(regionHasErrors, Math.Max(0, documentDelta), Math.Max(0, projectDelta));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private static async Task<bool> SameDeclarationsAsync(Document baseline, Document current) =>
        await baseline.GetSyntaxTreeAsync() is { } before && await current.GetSyntaxTreeAsync() is { } now
        && SyntaxFactory.AreEquivalent(before, now, topLevel: true);

    private static async Task<List<Diagnostic>> DocumentErrorsAsync(Document document)
    {
        var model = await document.GetSemanticModelAsync();
        return model?.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList() ?? [];
    }

    private static async Task<int> ProjectErrorCountAsync(Project project)
    {
        var compilation = await project.GetCompilationAsync();
        return compilation?.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error) ?? 0;
    }
}
