using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Tests;

/// <summary>
/// A hand-built dataset with known answers:
/// Q4_K_M: 40 shown, 20 accepted, 20 built (16 clean), survival at 30s 1.0 x10 and 0.5 x10, 20 tok/s.
/// Q8_0: 30 shown, 24 accepted, 12 built (all clean), survival at 2m 0.9 for all 24, 40 tok/s.
/// F16: 5 shown, 3 accepted: below the minimum sample size.
/// Even suggestions are automatic triggers, odd ones invoked; every fifth Q4_K_M suggestion is in "razor".
/// </summary>
internal static class ReportDataset
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<TelemetryEvent> Events()
    {
        var events = new List<TelemetryEvent>();
        var clock = Start;
        DateTimeOffset Tick() => clock = clock.AddSeconds(1);

        foreach (var format in new[] { "Q4_K_M", "Q8_0", "F16" })
            events.Add(new SessionStarted { Context = Context(format, 0), Timestamp = Tick(), Backend = "llama.cpp-cpu", Threads = 1 });

        for (var i = 0; i < 40; i++)
        {
            var context = Context("Q4_K_M", i);
            events.Add(Shown(context, i, Tick(), firstTokenMs: 100 + i, totalMs: 200 + 10 * i, generationMs: 500, verdict: i < 30 ? SuggestionVerdict.Compiles : SuggestionVerdict.IntroducesErrors));
            if (i >= 20)
            {
                events.Add(new SuggestionRejected { Context = context, SuggestionId = Id(i), Reason = RejectReason.Timeout, Timestamp = Tick() });
                continue;
            }
            events.Add(new SuggestionAccepted { Context = context, SuggestionId = Id(i), AcceptedChars = 40, Timestamp = Tick() });
            // Suggestion 0 first fails to build, then is fixed: only the latest result counts.
            if (i == 0)
                events.Add(Build(context, i, Tick(), clean: false));
            events.Add(Build(context, i, Tick(), clean: i >= 4));
            events.Add(new SuggestionSurvival { Context = context, SuggestionId = Id(i), Checkpoint = Checkpoint.After30Seconds, Fraction = i < 10 ? 1.0 : 0.5, Timestamp = Tick() });
        }

        for (var i = 0; i < 30; i++)
        {
            var context = Context("Q8_0", i);
            events.Add(Shown(context, i, Tick(), firstTokenMs: 300, totalMs: 600, generationMs: 250, verdict: SuggestionVerdict.Compiles));
            if (i >= 24)
            {
                events.Add(new SuggestionRejected { Context = context, SuggestionId = Id(i), Reason = RejectReason.Dismissed, Timestamp = Tick() });
                continue;
            }
            events.Add(new SuggestionAccepted { Context = context, SuggestionId = Id(i), AcceptedChars = 40, Timestamp = Tick() });
            if (i < 12)
                events.Add(Build(context, i, Tick(), clean: true));
            events.Add(new SuggestionSurvival { Context = context, SuggestionId = Id(i), Checkpoint = Checkpoint.After2Minutes, Fraction = 0.9, Timestamp = Tick() });
        }

        for (var i = 0; i < 5; i++)
        {
            var context = Context("F16", i);
            events.Add(Shown(context, i, Tick(), firstTokenMs: 900, totalMs: 1500, generationMs: 1000, verdict: SuggestionVerdict.NotVerified));
            if (i < 3)
                events.Add(new SuggestionAccepted { Context = context, SuggestionId = Id(i), AcceptedChars = 40, Timestamp = Tick() });
        }
        return events;
    }

    public static async Task WriteAsync(string databasePath)
    {
        await using var store = new TelemetryStore(new TelemetryOptions { DatabasePath = databasePath });
        foreach (var telemetryEvent in Events())
            store.Record(telemetryEvent);
    }

    private static string Id(int i) => $"s{i}";

    private static EventContext Context(string format, int i) => new()
    {
        SessionId = "session-" + format,
        FormatLabel = format,
        FormatSha256 = format switch { "Q4_K_M" => "4444", "Q8_0" => "8888", _ => "1616" } + new string('0', 60),
        FileType = format,
        Architecture = "qwen2",
        Language = format == "Q4_K_M" && i % 5 == 0 ? "razor" : "csharp",
        TriggerKind = i % 2 == 0 ? "automatic" : "invoked",
    };

    private static SuggestionShown Shown(EventContext context, int i, DateTimeOffset time, double firstTokenMs, double totalMs, double generationMs, SuggestionVerdict verdict) => new()
    {
        Context = context,
        Timestamp = time,
        SuggestionId = Id(i),
        Lines = 1,
        Chars = 40,
        GeneratedTokens = 10,
        Timings = new SuggestionTimings { FirstTokenMs = firstTokenMs, TotalMs = totalMs, GenerationMs = generationMs },
        Verdict = verdict,
    };

    private static BuildResult Build(EventContext context, int i, DateTimeOffset time, bool clean) => new()
    {
        Context = context,
        Timestamp = time,
        SuggestionId = Id(i),
        Checkpoint = Checkpoint.Save,
        RegionHasErrors = !clean,
        NewDocumentErrors = clean ? 0 : 1,
    };
}
