using System.Globalization;
using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;
using static CodeAssist.Telemetry.Tests.StoreTestHelpers;

namespace CodeAssist.Telemetry.Tests;

/// <summary>Other processes writing the same file, and a writer killed with SIGKILL.</summary>
public sealed class KillTests : IDisposable
{
    internal static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly TempDirectory _directory = new();
    private string DatabasePath => _directory.File("telemetry.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_child_process_and_this_process_writing_concurrently_keep_every_row_and_an_intact_file()
    {
        const int perWriter = 1500;
        using var child = ChildProcess.Start("write", DatabasePath, "child", perWriter.ToString(CultureInfo.InvariantCulture));
        await using (var store = new TelemetryStore(Options(DatabasePath) with { FlushInterval = TimeSpan.FromMilliseconds(20), BatchSize = 50 }))
        {
            for (var i = 0; i < perWriter; i++)
            {
                store.Record(SampleEvents.Shown($"parent-{i}", SampleEvents.Context(session: "parent")));
                if (i % 100 == 0)
                    await Task.Delay(1);
            }
        }
        var childOutput = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();

        Assert.True(child.ExitCode == 0, await child.StandardError.ReadToEndAsync());
        Assert.Equal("ok", childOutput.Trim());
        Assert.Equal(2 * perWriter, CountRows(DatabasePath));
        Assert.Equal("ok", Pragma(DatabasePath, "integrity_check"));
    }

    [Fact]
    public async Task Kill_9_loses_no_flushed_event_and_nothing_older_than_a_few_flush_intervals()
    {
        using var child = ChildProcess.Start("write-until-killed", DatabasePath, "killed");
        var recordedAt = new Dictionary<int, long>();
        var durable = -1;
        while (durable < 300 && await child.StandardOutput.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "recorded")
                recordedAt[int.Parse(parts[1], CultureInfo.InvariantCulture)] = long.Parse(parts[2], CultureInfo.InvariantCulture);
            else
                durable = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        var killedAt = DateTimeOffset.UtcNow;
        child.Kill();
        await child.WaitForExitAsync();

        var stored = TelemetryDatabase.Read(DatabasePath, EventFilter.All).Select(row => row.SuggestionId).ToHashSet();
        Assert.True(durable >= 300, "the child stopped before reporting durable events");
        Assert.All(Enumerable.Range(0, durable + 1), i => Assert.Contains($"killed-{i}", stored));
        // Unflushed events may be lost, but only recent ones: the writer commits every FlushInterval.
        var grace = 10 * FlushInterval;
        var old = recordedAt.Where(pair => new DateTimeOffset(pair.Value, TimeSpan.Zero) < killedAt - grace).Select(pair => pair.Key);
        Assert.All(old, i => Assert.Contains($"killed-{i}", stored));
        Assert.Equal("ok", Pragma(DatabasePath, "integrity_check"));
    }
}
