namespace CodeAssist.Telemetry.Events;

/// <summary>Values of the <c>kind</c> column.</summary>
public static class EventKinds
{
    public const string SessionStart = "session_start";
    public const string SessionEnd = "session_end";
    public const string SuggestionShown = "suggestion_shown";
    public const string SuggestionAccepted = "suggestion_accepted";
    public const string SuggestionRejected = "suggestion_rejected";
    public const string Survival = "survival";
    public const string BuildResult = "build_result";
    public const string RefactorPrefix = "refactor_";
}
