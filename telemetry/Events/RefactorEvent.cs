using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Events;

public enum RefactorStage
{
    Offered,
    Resolved,
    Applied,
    Undone,
    Verdict,
}

/// <summary>One step in the life of a refactoring; the kind is "refactor_" + stage.</summary>
public sealed record RefactorEvent : TelemetryEvent
{
    public override string Kind => EventKinds.RefactorPrefix + Stage.ToString().ToLowerInvariant();
    public required RefactorStage Stage { get; init; }
    public required string RefactorId { get; init; }
    /// <summary>What the refactoring does, e.g. "extract_method".</summary>
    public string? RefactorKind { get; init; }
    /// <summary>For the verdict stage: the refactor verdict's wire name, e.g. "compiles", "introduces-errors" or "no-change".</summary>
    public string? Verdict { get; init; }

    private protected override void Fill(EventRow row)
    {
        row.RefactorId = RefactorId;
        row.RefactorKind = RefactorKind;
        row.Verdict = Verdict;
    }
}
