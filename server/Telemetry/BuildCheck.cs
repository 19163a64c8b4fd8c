using CodeAssist.Server.Documents;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TextDocument = CodeAssist.Server.Documents.TextDocument;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Telemetry;

public sealed record BuildOutcome(bool RegionHasErrors, int NewDocumentErrors, int? NewProjectErrors);

/// <summary>
/// Does the code still build after an accept? Compiles the document (and its project) as it is now and as it was
/// when the suggestion was shown, with Roslyn, and compares the errors.
/// </summary>
public sealed class BuildCheck(WorkspaceSync workspace)
{
    public async Task<BuildOutcome> CompareAsync(TextDocument before, TextDocument now, int regionStart, int regionEnd)
    {
        var baseline = workspace.DocumentFor(before);
        var current = workspace.DocumentFor(now);
        var beforeErrors = await DocumentErrorsAsync(baseline);
        var nowErrors = await DocumentErrorsAsync(current);
        var region = TextSpan.FromBounds(regionStart, Math.Max(regionStart, regionEnd));
        var regionHasErrors = nowErrors.Any(d => d.Location.SourceSpan.IntersectsWith(region) || region.Contains(d.Location.SourceSpan.Start));
        return new BuildOutcome(
            regionHasErrors,
            Math.Max(0, nowErrors.Count - beforeErrors.Count),
            Math.Max(0, await ProjectErrorCountAsync(current.Project) - await ProjectErrorCountAsync(baseline.Project)));
    }

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
