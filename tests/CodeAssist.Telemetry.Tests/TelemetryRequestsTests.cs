using CodeAssist.Telemetry.Cli;
using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Telemetry.Tests;

public sealed class TelemetryRequestsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Export_and_report_include_events_still_queued_in_the_live_store()
    {
        await using var store = new TelemetryStore(new TelemetryOptions { DatabasePath = _directory.File("telemetry.db"), FlushInterval = TimeSpan.FromHours(1) });
        var requests = new TelemetryRequests(store);
        store.Record(SampleEvents.Shown("s1"));
        store.Record(new SuggestionAccepted { Context = SampleEvents.Context(), SuggestionId = "s1", AcceptedChars = 40 });

        var rows = await requests.ExportAsync(_directory.File("events.csv"), "csv");
        var report = await requests.FormatReportAsync(isDemo: true);

        Assert.Equal(2, rows);
        Assert.True(report["isDemo"]!.GetValue<bool>());
        Assert.Equal(1, report["formats"]![0]!["accepted"]!.GetValue<int>());
    }

    [Fact]
    public async Task Export_rejects_an_unknown_format()
    {
        await using var store = new TelemetryStore(new TelemetryOptions { DatabasePath = _directory.File("telemetry.db") });

        await Assert.ThrowsAsync<ArgumentException>(() => new TelemetryRequests(store).ExportAsync(_directory.File("x"), "xml"));
    }

    [Fact]
    public void Extension_hash_ignores_case_and_the_file_name()
    {
        var hash = Fingerprints.FileExtensionHash("/src/Program.cs");

        Assert.Equal(16, hash.Length);
        Assert.Equal(hash, Fingerprints.FileExtensionHash("file:///other/Widget.CS"));
        Assert.NotEqual(hash, Fingerprints.FileExtensionHash("/src/Index.razor"));
    }
}
