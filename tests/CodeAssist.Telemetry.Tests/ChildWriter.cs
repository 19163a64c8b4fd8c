using System.Globalization;
using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Telemetry.Tests;

/// <summary>
/// Entry point of this assembly when a test starts it as a separate process (another editor window, or a server that
/// gets killed). Not used by the test runner, which loads the assembly as a library.
/// </summary>
public static class ChildWriter
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["write", var databasePath, var session, var count]:
                await WriteAsync(databasePath, session, int.Parse(count, CultureInfo.InvariantCulture));
                return 0;
            case ["write-until-killed", var databasePath, var session]:
                await WriteUntilKilledAsync(databasePath, session);
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: write DB SESSION COUNT | write-until-killed DB SESSION");
                return 2;
        }
    }

    private static async Task WriteAsync(string databasePath, string session, int count)
    {
        await using var store = new TelemetryStore(new TelemetryOptions
        {
            DatabasePath = databasePath,
            FlushInterval = TimeSpan.FromMilliseconds(20),
            BatchSize = 50,
        });
        for (var i = 0; i < count; i++)
        {
            store.Record(SampleEvents.Shown($"{session}-{i}", SampleEvents.Context(session: session)));
            if (i % 100 == 0)
                await Task.Yield();
        }
        await store.FlushAsync();
        Console.WriteLine(store.DisabledReason ?? "ok");
    }

    /// <summary>
    /// Records an event every few milliseconds and reports "recorded I TICKS"; every 50 events it awaits a flush and reports
    /// "durable I". Runs until the test kills it.
    /// </summary>
    private static async Task WriteUntilKilledAsync(string databasePath, string session)
    {
        await using var store = new TelemetryStore(new TelemetryOptions { DatabasePath = databasePath, FlushInterval = KillTests.FlushInterval });
        for (var i = 0; ; i++)
        {
            var now = DateTimeOffset.UtcNow;
            store.Record(SampleEvents.Shown($"{session}-{i}", SampleEvents.Context(session: session)) with { Timestamp = now });
            Console.WriteLine($"recorded {i} {now.UtcTicks}");
            if (i % 50 == 49)
            {
                await store.FlushAsync();
                Console.WriteLine($"durable {i}");
            }
            await Task.Delay(5);
        }
    }
}
