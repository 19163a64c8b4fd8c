using CodeAssist.Telemetry.Events;

namespace CodeAssist.Telemetry.Tests;

/// <summary>One event of every kind, as the server would fill them.</summary>
internal static class SampleEvents
{
    public static EventContext Context(string format = "Q4_K_M", string session = "session-1") => new()
    {
        SessionId = session,
        FormatLabel = format,
        FormatSha256 = "ab12" + format.ToLowerInvariant(),
        FileType = format,
        Architecture = "qwen2",
        Language = "csharp",
        FileExtensionHash = "ext-hash",
        TriggerKind = "automatic",
    };

    public static SuggestionShown Shown(string id, EventContext? context = null) => new()
    {
        Context = context ?? Context(),
        SuggestionId = id,
        Lines = 2,
        Chars = 40,
        PromptTokens = new PromptTokens(300, 50, 120),
        GeneratedTokens = 12,
        Timings = new SuggestionTimings { QueueMs = 1, PromptEvalMs = 80, FirstTokenMs = 95, GenerationMs = 120, VerificationMs = 30, TotalMs = 250 },
        Verdict = SuggestionVerdict.Compiles,
        NewDiagnosticIds = ["CS0103", "CS1002"],
        CacheHit = true,
        PromptText = "class C {",
        SuggestionText = "int x;",
    };

    public static IReadOnlyList<TelemetryEvent> OneOfEachKind()
    {
        var context = Context();
        return
        [
            new SessionStarted { Context = context, Backend = "llama.cpp-cpu", Device = "cpu", GpuLayers = 0, Threads = 1, ContextSize = 2048, ServerVersion = "0.1.0" },
            Shown("s1", context),
            new SuggestionAccepted { Context = context, SuggestionId = "s1", AcceptedChars = 20, Partial = true },
            new SuggestionRejected { Context = context, SuggestionId = "s2", Reason = RejectReason.Superseded },
            new SuggestionSurvival { Context = context, SuggestionId = "s1", Checkpoint = Checkpoint.After2Minutes, Fraction = 0.75 },
            new BuildResult { Context = context, SuggestionId = "s1", Checkpoint = Checkpoint.Save, RegionHasErrors = true, NewDocumentErrors = 2, NewProjectErrors = 1 },
            new RefactorEvent { Context = context, Stage = RefactorStage.Offered, RefactorId = "r1", RefactorKind = "extract_method" },
            new RefactorEvent { Context = context, Stage = RefactorStage.Resolved, RefactorId = "r1", RefactorKind = "extract_method" },
            new RefactorEvent { Context = context, Stage = RefactorStage.Applied, RefactorId = "r1", RefactorKind = "extract_method" },
            new RefactorEvent { Context = context, Stage = RefactorStage.Undone, RefactorId = "r1", RefactorKind = "extract_method" },
            new RefactorEvent { Context = context, Stage = RefactorStage.Verdict, RefactorId = "r1", RefactorKind = "extract_method", Verdict = "compiles" },
            new SessionEnded { Context = context },
        ];
    }
}
