using CodeAssist.Server.Completion;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Telemetry;
using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// The refactoring service for the current Roslyn workspace (remade when the folder changes), its telemetry, and undo
/// detection from the editor's edits. The model answers through the same test seam as completions.
/// </summary>
public sealed class Refactorings : IDocumentListener
{
    private readonly WorkspaceSync _workspace;
    private readonly ModelRegistry _registry;
    private readonly RawCompletionSource _injected;
    private readonly TelemetryService _telemetry;
    private readonly RefactorUndoTracker _undo;
    private (RoslynWorkspaceHost Host, RefactoringService Service)? _current;

    public Refactorings(WorkspaceSync workspace, ModelRegistry registry, RawCompletionSource injected, TelemetryService telemetry, TimeProvider time)
    {
        _workspace = workspace;
        _registry = registry;
        _injected = injected;
        _telemetry = telemetry;
        _undo = new RefactorUndoTracker(time);
    }

    /// <summary>An edit that restores a refactored region's original text is the user undoing the refactor.</summary>
    public void Changed(DocumentChange change)
    {
        if (change.After is { } after)
            foreach (var id in _undo.DocumentChanged(after.Uri, after.Text))
                Record(after, id, RefactorStage.Undone);
    }

    public RefactoringService Service
    {
        get
        {
            lock (this)
            {
                var host = _workspace.Host;
                if (_current is not { } current || current.Host != host)
                {
                    var engine = new RefactoringEngine(GenerateAsync, RefactoringEngine.CreateVerifier(host));
                    _current = current = (host, new RefactoringService(host, new RefactoringCatalog(), engine, _undo));
                }
                return current.Service;
            }
        }
    }

    public bool Applied(string refactorId) => _undo.Applied(refactorId);

    public void Record(TextDocument? document, string refactorId, RefactorStage stage, string? kind = null, string? verdict = null) =>
        _telemetry.Record(_registry.TryGetModel(out _), document, "code-action", context => new RefactorEvent
        {
            Context = context,
            Stage = stage,
            RefactorId = refactorId,
            RefactorKind = kind,
            Verdict = verdict,
        });

    private Task<string> GenerateAsync(RefactorPrompt prompt, Action<string> onText, CancellationToken cancellationToken) =>
        _injected.TryTakeInjected(out var text)
            ? Task.FromResult(text)
            : ModelRefactorGenerator.ForRegistry(_registry).GenerateAsync(prompt, onText, cancellationToken);
}
