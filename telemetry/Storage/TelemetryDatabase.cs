using Microsoft.Data.Sqlite;

namespace CodeAssist.Telemetry.Storage;

/// <summary>The SQLite file: connection settings, schema migrations, batched inserts and filtered reads.</summary>
public static class TelemetryDatabase
{
    /// <summary>How long a writer waits for another connection (another editor window) to release its lock.</summary>
    internal const int BusyTimeoutMs = 5000;

    /// <summary>Schema versions in order; <c>PRAGMA user_version</c> counts how many have been applied.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            timestamp TEXT NOT NULL,
            kind TEXT NOT NULL,
            session_id TEXT NOT NULL,
            format_label TEXT,
            format_sha256 TEXT,
            file_type TEXT,
            architecture TEXT,
            language TEXT,
            file_extension_hash TEXT,
            trigger_kind TEXT,
            suggestion_id TEXT,
            lines INTEGER,
            chars INTEGER,
            prompt_prefix_tokens INTEGER,
            prompt_suffix_tokens INTEGER,
            prompt_context_tokens INTEGER,
            generated_tokens INTEGER,
            queue_ms REAL,
            prompt_eval_ms REAL,
            first_token_ms REAL,
            generation_ms REAL,
            verification_ms REAL,
            total_ms REAL,
            verdict TEXT,
            new_diagnostic_ids TEXT,
            cache_hit INTEGER,
            typed_ahead_hit INTEGER,
            accepted_chars INTEGER,
            partial INTEGER,
            reject_reason TEXT,
            checkpoint TEXT,
            survival_fraction REAL,
            region_has_errors INTEGER,
            new_document_errors INTEGER,
            new_project_errors INTEGER,
            refactor_id TEXT,
            refactor_kind TEXT,
            backend TEXT,
            device TEXT,
            gpu_layers INTEGER,
            threads INTEGER,
            context_size INTEGER,
            server_version TEXT,
            prompt_text TEXT,
            suggestion_text TEXT
        );
        CREATE INDEX events_timestamp ON events(timestamp);
        CREATE INDEX events_format ON events(format_label, format_sha256);
        CREATE INDEX events_suggestion ON events(session_id, suggestion_id);
        """,
        // How the model's cache served each completion's prompt: reuse path (cold, prefix, checkpoint, full_reevaluation)
        // and prompt tokens not evaluated again.
        """
        ALTER TABLE events ADD COLUMN reuse_path TEXT;
        ALTER TABLE events ADD COLUMN reused_prompt_tokens INTEGER;
        """,
        // Per completion, the prompt tokens the model evaluated (llama-server's prompt_n) and its generation speed
        // (predicted_per_second), so KV reuse and speed compare across backends; the backend goes into the existing column.
        """
        ALTER TABLE events ADD COLUMN evaluated_prompt_tokens INTEGER;
        ALTER TABLE events ADD COLUMN generated_tokens_per_second REAL;
        """,
    ];

    public static int SchemaVersion => Migrations.Length;

    /// <summary>Opens (creating if needed) the database in WAL mode and brings its schema up to date.</summary>
    public static SqliteConnection Open(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooling would keep the file open after Dispose, which a closing editor or a test's temp dir does not want.
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs};");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            // NORMAL in WAL mode keeps every committed transaction across a process kill; only power loss can drop the last ones.
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            Migrate(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        // BEGIN IMMEDIATE: two windows starting at once serialise here instead of both applying the same migration.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"));
        for (var next = version; next < Migrations.Length; next++)
            Execute(connection, Migrations[next]);
        if (version < Migrations.Length)
            Execute(connection, $"PRAGMA user_version = {Migrations.Length};");
        transaction.Commit();
    }

    /// <summary>Inserts the rows in one transaction: all or nothing.</summary>
    internal static void Insert(SqliteConnection connection, IReadOnlyList<EventRow> rows)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        var columns = EventColumns.Inserted;
        command.CommandText =
            $"INSERT INTO events ({string.Join(", ", columns.Select(column => column.Name))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, index) => "$p" + index))});";
        var parameters = columns.Select((_, index) => command.Parameters.Add(new SqliteParameter { ParameterName = "$p" + index })).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var index = 0; index < columns.Count; index++)
                parameters[index].Value = columns[index].ToDatabase(row);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Reads the events matching <paramref name="filter"/> in insertion order.</summary>
    public static IReadOnlyList<EventRow> Read(string path, EventFilter filter)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {string.Join(", ", EventColumns.All.Select(column => column.Name))} FROM events " +
            "WHERE ($since IS NULL OR timestamp >= $since) AND ($label IS NULL OR format_label = $label) ORDER BY id;";
        command.Parameters.AddWithValue("$since", filter.Since is { } since ? EventColumn.FormatTimestamp(since) : DBNull.Value);
        command.Parameters.AddWithValue("$label", (object?)filter.FormatLabel ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var rows = new List<EventRow>();
        while (reader.Read())
        {
            var row = new EventRow();
            for (var index = 0; index < EventColumns.All.Count; index++)
                EventColumns.All[index].SetFromDatabase(row, reader.GetValue(index));
            rows.Add(row);
        }
        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
