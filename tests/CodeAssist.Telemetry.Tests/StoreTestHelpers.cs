using CodeAssist.Telemetry.Storage;
using Microsoft.Data.Sqlite;

namespace CodeAssist.Telemetry.Tests;

internal static class StoreTestHelpers
{
    public static long CountRows(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events;";
        return (long)command.ExecuteScalar()!;
    }

    public static string Pragma(string databasePath, string pragma)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>Polls instead of sleeping a fixed time: passes as soon as the condition holds.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
                return true;
            await Task.Delay(50);
        }
        return condition();
    }

    public static TelemetryOptions Options(string databasePath) => new() { DatabasePath = databasePath };
}
