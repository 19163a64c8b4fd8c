using CodeAssist.Server.Completion;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Telemetry;
using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// The refactoring service for the current Roslyn workspace (remade when the folder changes), its telemetry, and undo
/// detection from the editor's edits. The model answers through the same <see cref="ICompletionModel"/> as completions.
/// </summary>
public sealed class Refactorings : IDocumentListener
{
    private readonly WorkspaceSync _workspace;
    /// <summary>Room for a whole member in the answer, and the time a local model may take to write it.</summary>
    private static readonly GenerationOptions AnswerOptions = new() { MaxTokens = 1024, WallTimeBudget = TimeSpan.FromMinutes(2) };

    private readonly ICompletionModel _model;
    private readonly TelemetryService _telemetry;
    private readonly RefactorUndoTracker _undo;
    private (RoslynWorkspaceHost Host, RefactoringService Service)? _current;

    public Refactorings(WorkspaceSync workspace, ICompletionModel model, TelemetryService telemetry, TimeProvider time)
    {
        _workspace = workspace;
        _model = model;
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
        _telemetry.Record(_model.Current, document, "code-action", context => new RefactorEvent
        {
            Context = context,
            Stage = stage,
            RefactorId = refactorId,
            RefactorKind = kind,
            Verdict = verdict,
        });

    private Task<string> GenerateAsync(RefactorPrompt prompt, Action<string> onText, CancellationToken cancellationToken) =>
        _model.ChatAsync(prompt.Messages, AnswerOptions, onText, cancellationToken);
}
