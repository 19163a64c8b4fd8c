using System.Text.Json.Serialization;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// What a code action carries in <c>data</c> so that <c>codeAction/resolve</c> can run it later: the document version it was
/// offered for, the target's UTF-16 offsets in that version, and the part the instruction points at (<see cref="FocusStart"/>).
/// </summary>
public sealed record RefactorData(
    string Id,
    string Uri,
    int Version,
    string Kind,
    string Target,
    int Start,
    int Length,
    string? Instruction = null,
    int? FocusStart = null,
    int? FocusLength = null)
{
    [JsonIgnore]
    public RefactoringKind RefactoringKind => RefactoringKinds.Parse(Kind);

    [JsonIgnore]
    public RefactorTarget TargetSpan => new(RefactorTarget.ParseKind(Target), new(Start, Length));

    /// <summary>The instruction the model gets: the request's own, else the kind's.</summary>
    [JsonIgnore]
    public string EffectiveInstruction => Instruction ?? RefactoringKind.Instruction();
}
