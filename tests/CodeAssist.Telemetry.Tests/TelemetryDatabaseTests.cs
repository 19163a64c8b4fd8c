using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace CodeAssist.Telemetry.Tests;

public sealed class TelemetryDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private string DatabasePath => _directory.File("nested/dir/telemetry.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_creates_the_schema_at_the_current_version_with_every_event_column()
    {
        using (TelemetryDatabase.Open(DatabasePath)) { }

        Assert.Equal(TelemetryDatabase.SchemaVersion.ToString(), StoreTestHelpers.Pragma(DatabasePath, "user_version"));
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('events') ORDER BY cid;";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
            columns.Add(reader.GetString(0));
        Assert.Equal(EventColumns.All.Select(column => column.Name), columns);
    }

    [Fact]
    public async Task Reopening_keeps_existing_events_and_does_not_migrate_again()
    {
        await using (var store = new TelemetryStore(new TelemetryOptions { DatabasePath = DatabasePath }))
            store.Record(SampleEvents.Shown("s1"));
        using (TelemetryDatabase.Open(DatabasePath)) { }

        Assert.Single(TelemetryDatabase.Read(DatabasePath, EventFilter.All));
    }

    [Fact]
    public async Task Read_filters_by_time_and_format_label()
    {
        var start = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        await using (var store = new TelemetryStore(new TelemetryOptions { DatabasePath = DatabasePath }))
        {
            store.Record(SampleEvents.Shown("old") with { Timestamp = start.AddDays(-1) });
            store.Record(SampleEvents.Shown("new-q4") with { Timestamp = start.AddHours(1) });
            store.Record(SampleEvents.Shown("new-q8", SampleEvents.Context("Q8_0")) with { Timestamp = start.AddHours(2) });
        }

        Assert.Equal(["new-q4", "new-q8"], Ids(new EventFilter(Since: start.UtcDateTime)));
        Assert.Equal(["new-q8"], Ids(new EventFilter(FormatLabel: "Q8_0")));
        Assert.Equal(["new-q4"], Ids(new EventFilter(start.UtcDateTime, "Q4_K_M")));
        Assert.Equal(3, Ids(EventFilter.All).Count);
    }

    [Fact]
    public async Task A_version_1_store_gains_the_reuse_columns_and_keeps_its_events()
    {
        await using (var store = new TelemetryStore(new TelemetryOptions { DatabasePath = DatabasePath }))
            store.Record(SampleEvents.Shown("before"));
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            // The schema of version 1: the events table without the columns migrations 2 and 3 add.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE events DROP COLUMN reuse_path; ALTER TABLE events DROP COLUMN reused_prompt_tokens; " +
                "ALTER TABLE events DROP COLUMN evaluated_prompt_tokens; ALTER TABLE events DROP COLUMN generated_tokens_per_second; PRAGMA user_version = 1;";
            command.ExecuteNonQuery();
        }

        await using (var store = new TelemetryStore(new TelemetryOptions { DatabasePath = DatabasePath }))
            store.Record(SampleEvents.Shown("after") with { ReusePath = "checkpoint", ReusedPromptTokens = 1481 });

        Assert.Equal(TelemetryDatabase.SchemaVersion.ToString(), StoreTestHelpers.Pragma(DatabasePath, "user_version"));
        var rows = TelemetryDatabase.Read(DatabasePath, EventFilter.All);
        Assert.Equal(["before", "after"], rows.Select(row => row.SuggestionId));
        Assert.Equal([null, "checkpoint"], rows.Select(row => row.ReusePath));
        Assert.Equal([null, 1481], rows.Select(row => row.ReusedPromptTokens));
    }

    [Fact]
    public async Task A_version_2_store_gains_the_server_timing_columns_and_keeps_its_events()
    {
        await using (var store = new TelemetryStore(new TelemetryOptions { DatabasePath = DatabasePath }))
            store.Record(SampleEvents.Shown("before"));
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            // The schema of version 2: the events table without the columns migration 3 adds.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE events DROP COLUMN evaluated_prompt_tokens; ALTER TABLE events DROP COLUMN generated_tokens_per_second; PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }

        await using (var store = new TelemetryStore(new TelemetryOptions { DatabasePath = DatabasePath }))
            store.Record(SampleEvents.Shown("after") with { EvaluatedPromptTokens = 12, GeneratedTokensPerSecond = 850.5, Backend = "llama-server" });

        Assert.Equal(TelemetryDatabase.SchemaVersion.ToString(), StoreTestHelpers.Pragma(DatabasePath, "user_version"));
        var rows = TelemetryDatabase.Read(DatabasePath, EventFilter.All);
        Assert.Equal(["before", "after"], rows.Select(row => row.SuggestionId));
        Assert.Equal([null, 12], rows.Select(row => row.EvaluatedPromptTokens));
        Assert.Equal([null, 850.5], rows.Select(row => row.GeneratedTokensPerSecond));
        Assert.Equal([null, "llama-server"], rows.Select(row => row.Backend));
    }

    private List<string?> Ids(EventFilter filter) =>
        TelemetryDatabase.Read(DatabasePath, filter).Select(row => row.SuggestionId).ToList();
}
