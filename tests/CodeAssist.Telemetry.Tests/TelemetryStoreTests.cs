using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;
using Microsoft.Data.Sqlite;
using static CodeAssist.Telemetry.Tests.StoreTestHelpers;

namespace CodeAssist.Telemetry.Tests;

public sealed class TelemetryStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private string DatabasePath => _directory.File("telemetry.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_event_kind_round_trips_with_its_fields()
    {
        var events = SampleEvents.OneOfEachKind();
        await using (var store = new TelemetryStore(Options(DatabasePath) with { IncludeCode = true }))
        {
            foreach (var telemetryEvent in events)
                store.Record(telemetryEvent);
        }

        var rows = TelemetryDatabase.Read(DatabasePath, EventFilter.All);
        Assert.Equal(events.Select(e => e.Kind), rows.Select(row => row.Kind));
        Assert.Equal(
            ["session_start", "suggestion_shown", "suggestion_accepted", "suggestion_rejected", "survival", "build_result",
             "refactor_offered", "refactor_resolved", "refactor_applied", "refactor_undone", "refactor_verdict", "session_end"],
            rows.Select(row => row.Kind));
        Assert.All(rows, row =>
        {
            Assert.Equal("session-1", row.SessionId);
            Assert.Equal("Q4_K_M", row.FormatLabel);
            Assert.Equal("ab12q4_k_m", row.FormatSha256);
            Assert.Equal("qwen2", row.Architecture);
            Assert.Equal("csharp", row.Language);
            Assert.Equal("ext-hash", row.FileExtensionHash);
            Assert.Equal("automatic", row.TriggerKind);
        });
        Assert.Equal(events[0].Timestamp.UtcDateTime, rows[0].Timestamp, TimeSpan.FromMilliseconds(1));

        var start = rows[0];
        Assert.Equal(("llama.cpp-cpu", "cpu", 0, 1, 2048, "0.1.0"),
            (start.Backend, start.Device, start.GpuLayers, start.Threads, start.ContextSize, start.ServerVersion));
        var shown = rows[1];
        Assert.Equal(("s1", 2, 40, 300, 50, 120, 12), (shown.SuggestionId, shown.Lines, shown.Chars, shown.PromptPrefixTokens,
            shown.PromptSuffixTokens, shown.PromptContextTokens, shown.GeneratedTokens));
        Assert.Equal((1.0, 80.0, 95.0, 120.0, 30.0, 250.0), (shown.QueueMs, shown.PromptEvalMs, shown.FirstTokenMs,
            shown.GenerationMs, shown.VerificationMs, shown.TotalMs));
        Assert.Equal(("compiles", "CS0103,CS1002", true, false), (shown.Verdict, shown.NewDiagnosticIds, shown.CacheHit, shown.TypedAheadHit));
        Assert.Equal(("class C {", "int x;"), (shown.PromptText, shown.SuggestionText));
        Assert.Equal(("s1", 20, true), (rows[2].SuggestionId, rows[2].AcceptedChars, rows[2].Partial));
        Assert.Equal(("s2", "superseded"), (rows[3].SuggestionId, rows[3].RejectReason));
        Assert.Equal(("2m", 0.75), (rows[4].Checkpoint, rows[4].SurvivalFraction));
        Assert.Equal(("save", true, 2, 1), (rows[5].Checkpoint, rows[5].RegionHasErrors, rows[5].NewDocumentErrors, rows[5].NewProjectErrors));
        Assert.Equal(("r1", "extract_method"), (rows[6].RefactorId, rows[6].RefactorKind));
        Assert.Equal("compiles", rows[10].Verdict);
    }

    [Fact]
    public async Task Source_text_is_dropped_unless_include_code_is_on()
    {
        await using (var store = new TelemetryStore(Options(DatabasePath)))
            store.Record(SampleEvents.Shown("s1"));

        var row = Assert.Single(TelemetryDatabase.Read(DatabasePath, EventFilter.All));
        Assert.Null(row.PromptText);
        Assert.Null(row.SuggestionText);
        Assert.Equal(40, row.Chars);
    }

    [Fact]
    public async Task Events_reach_the_database_within_the_flush_interval_without_an_explicit_flush()
    {
        await using var store = new TelemetryStore(Options(DatabasePath));
        store.Record(SampleEvents.Shown("s1"));

        Assert.True(await EventuallyAsync(() => SafeCount() == 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Dispose_writes_what_is_still_queued()
    {
        var store = new TelemetryStore(Options(DatabasePath) with { FlushInterval = TimeSpan.FromHours(1) });
        for (var i = 0; i < 250; i++)
            store.Record(SampleEvents.Shown($"s{i}"));
        store.Dispose();

        Assert.Equal(250, CountRows(DatabasePath));
        store.Record(SampleEvents.Shown("after-dispose"));
        await store.FlushAsync();
    }

    [Fact]
    public async Task FlushAsync_writes_everything_recorded_before_it_in_batches()
    {
        await using var store = new TelemetryStore(Options(DatabasePath) with { FlushInterval = TimeSpan.FromHours(1), BatchSize = 7 });
        for (var i = 0; i < 100; i++)
            store.Record(SampleEvents.Shown($"s{i}"));
        await store.FlushAsync();

        Assert.Equal(100, CountRows(DatabasePath));
        Assert.True(store.IsEnabled);
    }

    [Fact]
    public async Task A_full_queue_drops_new_events_and_counts_them()
    {
        var store = new TelemetryStore(Options(DatabasePath) with { FlushInterval = TimeSpan.FromHours(1), QueueCapacity = 10 });
        for (var i = 0; i < 50; i++)
            store.Record(SampleEvents.Shown($"s{i}"));
        await store.DisposeAsync();

        Assert.Equal(40, store.DroppedCount);
        Assert.Equal(10, CountRows(DatabasePath));
    }

    [Fact]
    public async Task Disabled_telemetry_records_nothing_and_creates_no_file()
    {
        await using (var store = new TelemetryStore(Options(DatabasePath) with { Enabled = false }))
        {
            store.Record(SampleEvents.Shown("s1"));
            await store.FlushAsync();
            Assert.False(store.IsEnabled);
        }

        Assert.False(File.Exists(DatabasePath));
    }

    [Theory]
    [InlineData("under-a-file")]
    [InlineData("read-only-filesystem")]
    public async Task An_unwritable_location_turns_telemetry_off_with_a_warning_and_keeps_events_in_memory(string location)
    {
        var blocker = _directory.File("not-a-directory");
        await File.WriteAllTextAsync(blocker, "");
        // /proc refuses new files even to root, who ignores chmod.
        var path = location == "under-a-file" ? Path.Combine(blocker, "telemetry.db") : "/proc/codeassist-telemetry/telemetry.db";
        var warnings = new List<string>();
        await using var store = new TelemetryStore(Options(path) with { OnWarning = warnings.Add });

        store.Record(SampleEvents.Shown("s1"));
        store.Record(SampleEvents.Shown("s2"));
        await store.FlushAsync();

        Assert.False(store.IsEnabled);
        var warning = Assert.Single(warnings);
        Assert.Contains(path, warning);
        Assert.Equal(warning, store.DisabledReason);
        Assert.Equal(["s1", "s2"], store.UnsavedEvents.Select(row => row.SuggestionId));
    }

    [Fact]
    public async Task A_full_disk_during_writes_turns_telemetry_off_and_keeps_the_failed_batch()
    {
        var warnings = new List<string>();
        var options = Options(DatabasePath) with
        {
            FlushInterval = TimeSpan.FromHours(1),
            OnWarning = warnings.Add,
            // The file cannot grow past its current pages: the next inserts fail with SQLITE_FULL like a full disk.
            AfterOpen = CapAtCurrentSize,
        };
        await using var store = new TelemetryStore(options);
        for (var i = 0; i < 200; i++)
            store.Record(SampleEvents.Shown($"s{i}") with { SuggestionText = new string('x', 500) });
        await store.FlushAsync();
        store.Record(SampleEvents.Shown("later"));
        await store.FlushAsync();

        Assert.False(store.IsEnabled);
        var warning = Assert.Single(warnings);
        Assert.True(warning.Contains("full", StringComparison.OrdinalIgnoreCase), warning);
        Assert.Equal(201, store.UnsavedEvents.Count);
        Assert.Equal(0, CountRows(DatabasePath));
        Assert.Equal("ok", Pragma(DatabasePath, "integrity_check"));
    }

    [Fact]
    public async Task A_database_locked_past_the_busy_timeout_turns_telemetry_off()
    {
        using (TelemetryDatabase.Open(DatabasePath)) { }
        using var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        holder.Open();
        using var exclusive = holder.BeginTransaction(deferred: false);
        var warnings = new List<string>();
        await using var store = new TelemetryStore(Options(DatabasePath) with { OnWarning = warnings.Add });

        store.Record(SampleEvents.Shown("s1"));
        await store.FlushAsync();

        Assert.False(store.IsEnabled);
        Assert.Contains("locked", Assert.Single(warnings));
        Assert.Single(store.UnsavedEvents);
    }

    [Fact]
    public async Task A_throwing_warning_handler_does_not_escape()
    {
        var path = Path.Combine(_directory.File("blocker"), "telemetry.db");
        await File.WriteAllTextAsync(_directory.File("blocker"), "");
        await using var store = new TelemetryStore(Options(path) with { OnWarning = _ => throw new InvalidOperationException("boom") });
        store.Record(SampleEvents.Shown("s1"));
        await store.FlushAsync();

        Assert.False(store.IsEnabled);
    }

    [Fact]
    public async Task Two_stores_writing_the_same_file_concurrently_lose_nothing_and_keep_it_intact()
    {
        const int perStore = 1500;
        var stores = Enumerable.Range(0, 2)
            .Select(_ => new TelemetryStore(Options(DatabasePath) with { FlushInterval = TimeSpan.FromMilliseconds(20), BatchSize = 50 }))
            .ToArray();
        await Task.WhenAll(stores.Select((store, index) => Task.Run(async () =>
        {
            for (var i = 0; i < perStore; i++)
            {
                store.Record(SampleEvents.Shown($"w{index}-{i}", SampleEvents.Context(session: $"window-{index}")));
                if (i % 100 == 0)
                    await Task.Yield();
            }
        })));
        foreach (var store in stores)
            await store.DisposeAsync();

        Assert.All(stores, store => Assert.True(store.IsEnabled, store.DisabledReason));
        Assert.Equal(2 * perStore, CountRows(DatabasePath));
        Assert.Equal("ok", Pragma(DatabasePath, "integrity_check"));
        Assert.Equal("wal", Pragma(DatabasePath, "journal_mode"));
        var rows = TelemetryDatabase.Read(DatabasePath, EventFilter.All);
        Assert.Equal(2 * perStore, rows.Select(row => row.SuggestionId).Distinct().Count());
    }

    private long SafeCount()
    {
        try
        {
            return CountRows(DatabasePath);
        }
        catch (SqliteException)
        {
            return -1;
        }
    }

    private static void CapAtCurrentSize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count;";
        var pages = (long)command.ExecuteScalar()!;
        command.CommandText = $"PRAGMA max_page_count = {pages};";
        command.ExecuteNonQuery();
    }
}
