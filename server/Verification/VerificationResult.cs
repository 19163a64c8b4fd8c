namespace CodeAssist.Server.Verification;

public enum Verdict
{
    /// <summary>No error that was not there before the splice.</summary>
    Compiles,
    IntroducesErrors,
    SyntaxError,
    /// <summary>The time budget ran out before the answer was known.</summary>
    Unchecked,
}

/// <summary>An error present after the splice and absent before it; <see cref="Line"/> and <see cref="Column"/> are zero-based, in the spliced text.</summary>
public sealed record NewDiagnostic(string Id, string Message, int Line, int Column);

public sealed record VerificationResult(Verdict Verdict, IReadOnlyList<NewDiagnostic> NewDiagnostics, double ElapsedMs)
{
    /// <summary>The verdict as telemetry and the completion item's detail spell it.</summary>
    public string VerdictName => Verdict.ToWireName();
}

public static class VerdictNames
{
    public static string ToWireName(this Verdict verdict) => verdict switch
    {
        Verdict.Compiles => "compiles",
        Verdict.IntroducesErrors => "introduces-errors",
        Verdict.SyntaxError => "syntax-error",
        Verdict.Unchecked => "unchecked",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };
}
