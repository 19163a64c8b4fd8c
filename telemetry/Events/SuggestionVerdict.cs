namespace CodeAssist.Telemetry.Events;

/// <summary>
/// What was known about a shown suggestion's code: the Roslyn check's answer, or why there was none. One enum from the
/// verifier through the server to the stored row, which keeps the wire name (<see cref="SuggestionVerdicts.ToWireName"/>).
/// </summary>
public enum SuggestionVerdict
{
    /// <summary>No error that was not there before the splice.</summary>
    Compiles,
    IntroducesErrors,
    SyntaxError,
    /// <summary>The time budget ran out before the answer was known.</summary>
    Unchecked,
    /// <summary>codeassist.verify is off.</summary>
    NotVerified,
    /// <summary>The rest of a suggestion the user was typing, served again without the model or a new check.</summary>
    TypedAhead,
}

public static class SuggestionVerdicts
{
    public static string ToWireName(this SuggestionVerdict verdict) => verdict switch
    {
        SuggestionVerdict.Compiles => "compiles",
        SuggestionVerdict.IntroducesErrors => "introduces-errors",
        SuggestionVerdict.SyntaxError => "syntax-error",
        SuggestionVerdict.Unchecked => "unchecked",
        SuggestionVerdict.NotVerified => "not-verified",
        SuggestionVerdict.TypedAhead => "typed-ahead",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };
}
