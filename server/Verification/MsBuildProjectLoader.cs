using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace CodeAssist.Server.Verification;

/// <summary>Loads projects through MSBuildWorkspace; kept apart so the JIT does not load MSBuild before registration.</summary>
internal static class MsBuildProjectLoader
{
    /// <summary>The workspace holding the loaded projects, or null (and nothing left running) when no project produced C# documents.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<Workspace?> LoadAsync(IReadOnlyList<string> projectPaths, Action<string> reportFailure, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        try
        {
            await OpenAllAsync(workspace, projectPaths, reportFailure, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
        if (workspace.CurrentSolution.Projects.Any(p => p.Language == LanguageNames.CSharp && p.DocumentIds.Count > 0))
            return workspace;
        workspace.Dispose();
        return null;
    }

    private static async Task OpenAllAsync(MSBuildWorkspace workspace, IReadOnlyList<string> projectPaths, Action<string> reportFailure, CancellationToken cancellationToken)
    {
        using var failures = workspace.RegisterWorkspaceFailedHandler(failure => reportFailure(failure.Diagnostic.Message));
        foreach (var projectPath in projectPaths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, projectPath, StringComparison.Ordinal)))
                continue; // already pulled in as a reference of an earlier project
            try
            {
                await workspace.OpenProjectAsync(projectPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException)
            {
                reportFailure($"{projectPath}: {exception.Message}");
            }
        }
    }
}
