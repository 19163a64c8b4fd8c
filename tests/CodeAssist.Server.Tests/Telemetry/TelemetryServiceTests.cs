using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using CodeAssist.Server.Telemetry;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Tests.Telemetry;

/// <summary>Events are built in the background but stored in the order they were recorded.</summary>
public sealed class TelemetryServiceTests : IAsyncDisposable
{
    private readonly InProcessServer _server = InProcessServer.Start();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_event_waiting_for_its_models_fingerprint_is_still_stored_before_the_events_recorded_after_it()
    {
        var fingerprint = new TaskCompletionSource<ModelFingerprint>();
        var slow = new ServedModel("slow-format", "in-process", Guid.NewGuid(), fingerprint.Task, new ModelRuntime("cpu", "cpu", 0, 1, 512));
        var telemetry = _server.Get<TelemetryService>();

        telemetry.Record(slow, null, null, context => new SessionEnded { Context = context });
        telemetry.Record(null, null, null, context => new SessionEnded { Context = context });
        await Task.Delay(200); // time enough for the second event, free to go, to be stored first if order were not kept
        fingerprint.SetException(new IOException("the file went away"));

        var rows = await _server.EventsAsync(EventKinds.SessionEnd);
        Assert.Equal(["slow-format", null], rows.Select(r => r.FormatLabel));
    }
}
