using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Verification;

/// <summary>An error present after the splice and absent before it; <see cref="Line"/> and <see cref="Column"/> are zero-based, in the spliced text.</summary>
public sealed record NewDiagnostic(string Id, string Message, int Line, int Column);

public sealed record VerificationResult(SuggestionVerdict Verdict, IReadOnlyList<NewDiagnostic> NewDiagnostics, double ElapsedMs)
{
    /// <summary>The verdict as telemetry and the completion item's detail spell it.</summary>
    public string VerdictName => Verdict.ToWireName();
}
