using Microsoft.Data.Sqlite;

namespace CodeAssist.Telemetry.Storage;

public sealed record TelemetryOptions
{
    /// <summary><c>codeassist.telemetry.enabled</c>: false records nothing and never opens the database.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>codeassist.telemetry.includeCode</c>: false strips prompt and suggestion text before anything is queued.</summary>
    public bool IncludeCode { get; init; }

    /// <summary>Null means <see cref="AppPaths.TelemetryDatabase"/>, resolved on the writer so that a broken home never throws here.</summary>
    public string? DatabasePath { get; init; }

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Events held in memory, queued or unsaved after a failure; beyond it new events are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Rows per insert transaction.</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>Called once, on the writer thread, when telemetry turns itself off; the server shows the message.</summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>Runs on the fresh connection; tests use it to cap the file size and provoke SQLITE_FULL.</summary>
    internal Action<SqliteConnection>? AfterOpen { get; init; }
}
