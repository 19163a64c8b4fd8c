using System.Diagnostics;
using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Telemetry.Tests;

/// <summary>
/// Prints what Record costs the caller and how fast the writer drains; asserts only correctness.
/// Run: dotnet test tests/CodeAssist.Telemetry.Tests --filter StoreBenchmark --logger "console;verbosity=detailed"
/// </summary>
public sealed class StoreBenchmark(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Record_cost_and_write_throughput()
    {
        const int count = 20_000;
        var databasePath = _directory.File("telemetry.db");
        var events = Enumerable.Range(0, count).Select(i => SampleEvents.Shown($"s{i}")).ToArray();
        await using var store = new TelemetryStore(new TelemetryOptions { DatabasePath = databasePath, QueueCapacity = count });

        var recording = Stopwatch.StartNew();
        foreach (var telemetryEvent in events)
            store.Record(telemetryEvent);
        recording.Stop();
        var draining = Stopwatch.StartNew();
        await store.FlushAsync();
        draining.Stop();

        Assert.Equal(count, StoreTestHelpers.CountRows(databasePath));
        output.WriteLine($"Record: {recording.Elapsed.TotalNanoseconds / count:0} ns/event on the caller ({count} events)");
        output.WriteLine($"Writer: {count / (recording.Elapsed + draining.Elapsed).TotalSeconds:0} events/s to SQLite (WAL, batched)");
    }
}
