using System.Text.Json;
using CodeAssist.Telemetry;
using Microsoft.Data.Sqlite;

namespace CodeAssist.Benchmarks;

/// <summary>
/// Per-item benchmark results in SQLite, keyed by benchmark, model (fingerprint sha256 + label), the settings that change
/// the result, and the item (a task name, a span id): an interrupted run resumes where it stopped and a rerun is free.
/// </summary>
public sealed class BenchResultStore : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;

    public BenchResultStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;");
        Execute("""
            CREATE TABLE IF NOT EXISTS results (
                bench TEXT NOT NULL, sha256 TEXT NOT NULL, label TEXT NOT NULL, config TEXT NOT NULL, item TEXT NOT NULL,
                result TEXT NOT NULL, recorded_at TEXT NOT NULL,
                PRIMARY KEY (bench, sha256, label, config, item))
            """);
    }

    public static string DefaultPath => Path.Combine(AppPaths.DataDirectory, "bench.db");

    public bool TryGet<T>(BenchKey key, string item, out T result)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT result FROM results WHERE bench=$b AND sha256=$s AND label=$l AND config=$c AND item=$i";
        Bind(command, key, item);
        if (command.ExecuteScalar() is string json)
        {
            result = JsonSerializer.Deserialize<T>(json, Json)!;
            return true;
        }
        result = default!;
        return false;
    }

    public void Put<T>(BenchKey key, string item, T result)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO results (bench, sha256, label, config, item, result, recorded_at)
            VALUES ($b, $s, $l, $c, $i, $r, $t)
            """;
        Bind(command, key, item);
        command.Parameters.AddWithValue("$r", JsonSerializer.Serialize(result, Json));
        command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private static void Bind(SqliteCommand command, BenchKey key, string item)
    {
        command.Parameters.AddWithValue("$b", key.Bench);
        command.Parameters.AddWithValue("$s", key.Sha256);
        command.Parameters.AddWithValue("$l", key.Label);
        command.Parameters.AddWithValue("$c", key.Config);
        command.Parameters.AddWithValue("$i", item);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Which results belong together: the benchmark, the model and a text of every setting that changes a result.</summary>
public sealed record BenchKey(string Bench, string Sha256, string Label, string Config)
{
    public static BenchKey For(string bench, BenchModel model, string config) => new(bench, model.Sha256, model.Label, config);
}
