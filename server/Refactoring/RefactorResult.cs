using CheckVerdict = CodeAssist.Telemetry.Events.SuggestionVerdict;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

public enum RefactorVerdict
{
    Compiles,
    /// <summary>The check ran out of time; the edit is offered unverified, as completions are.</summary>
    Unchecked,
    SyntaxError,
    IntroducesErrors,
    /// <summary>The rewrite equals the original text.</summary>
    NoChange,
    /// <summary>The model could not be asked (none loaded, prompt too long).</summary>
    GenerationFailed,
    /// <summary>The document holds no member, statements or type where the action was offered.</summary>
    TargetMissing,
}

public sealed record RefactorProgress(string Message);

/// <summary>
/// The outcome of resolving a refactoring: on success the minimal edits against the version it was offered for; otherwise
/// <see cref="Failure"/> says why and the <see cref="Problems"/> the last attempt had.
/// </summary>
public sealed record RefactorResult
{
    public required RefactorVerdict Verdict { get; init; }

    public IReadOnlyList<TextChange> Edits { get; init; } = [];

    /// <summary>The member's (or type's) name, modifiers, return type or parameters differ: callers elsewhere may break.</summary>
    public bool SignatureChanged { get; init; }

    public string? Failure { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    public int Attempts { get; init; }

    public TimeSpan Generation { get; init; }

    public TimeSpan Verification { get; init; }

    public TimeSpan Total { get; init; }

    public bool Succeeded => Verdict is RefactorVerdict.Compiles or RefactorVerdict.Unchecked;

    /// <summary>The verdict as telemetry records it, e.g. "compiles" or "compiles+signature-changed".</summary>
    public string VerdictName => Verdict.ToWireName() + (SignatureChanged ? "+signature-changed" : "");

    public static RefactorVerdict FromVerification(CheckVerdict verdict) => verdict switch
    {
        CheckVerdict.Compiles => RefactorVerdict.Compiles,
        CheckVerdict.Unchecked => RefactorVerdict.Unchecked,
        CheckVerdict.SyntaxError => RefactorVerdict.SyntaxError,
        _ => RefactorVerdict.IntroducesErrors,
    };
}

public static class RefactorVerdictNames
{
    public static string ToWireName(this RefactorVerdict verdict) => verdict switch
    {
        RefactorVerdict.Compiles => "compiles",
        RefactorVerdict.Unchecked => "unchecked",
        RefactorVerdict.SyntaxError => "syntax-error",
        RefactorVerdict.IntroducesErrors => "introduces-errors",
        RefactorVerdict.NoChange => "no-change",
        RefactorVerdict.GenerationFailed => "generation-failed",
        RefactorVerdict.TargetMissing => "target-missing",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };
}
