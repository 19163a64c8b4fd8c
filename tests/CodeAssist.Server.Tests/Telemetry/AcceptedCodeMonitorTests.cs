using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Telemetry;

/// <summary>
/// After an accept, the accepted code is followed through the user's edits: at 30 s, 2 min and 10 min on the server's
/// clock the store gets the fraction still there, and the first save gets a build result.
/// </summary>
public sealed class AcceptedCodeMonitorTests : IAsyncDisposable
{
    private const string Uri = "file:///work/Calculator.cs";
    private const string Before = "public class Calculator\n{\n    public int Add(int a, int b)\n    {\n        \n    }\n}\n";
    private const string Accepted = "return a + b;";
    private static readonly int Cursor = Before.IndexOf("        \n", StringComparison.Ordinal) + 8;
    private static readonly string AfterAccept = Before.Insert(Cursor, Accepted);
    private readonly ServingCore _core = new();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Shows the suggestion, inserts it as the editor does, then runs the accept command.</summary>
    private string Accept()
    {
        var shownIn = ServingCore.Document(Before, Uri);
        _core.Open(shownIn);
        var id = _core.Show(shownIn, Cursor, Accepted);
        _core.Edit(Uri, AfterAccept);
        Assert.True(_core.Tracker.Accept(id, null));
        return id;
    }

    /// <summary>Moves the clock to <paramref name="sinceAccept"/> after the accept and returns the survival events so far.</summary>
    private async Task<IReadOnlyList<EventRow>> SurvivalAtAsync(TimeSpan sinceAccept, int expected)
    {
        _core.Clock.Advance(ServingCore.Start + sinceAccept - _core.Clock.GetUtcNow());
        return await _core.EventsAsync(EventKinds.Survival, expected);
    }

    [Theory]
    [InlineData(Accepted, 1.0, 1.0)] // kept
    [InlineData("return a - b;", 12.0 / 13, 12.0 / 13)] // one character of 13 edited
    [InlineData("", 0.0, 0.25)] // deleted
    public async Task Survival_is_measured_at_30_seconds_2_minutes_and_10_minutes_of_the_server_clock(string nowThere, double least, double most)
    {
        var id = Accept();
        _core.Edit(Uri, Before.Insert(Cursor, nowThere));

        Assert.Equal(["30s"], (await SurvivalAtAsync(TimeSpan.FromSeconds(30), 1)).Select(e => e.Checkpoint));
        Assert.Equal(["30s", "2m"], (await SurvivalAtAsync(TimeSpan.FromMinutes(2), 2)).Select(e => e.Checkpoint));
        var survival = await SurvivalAtAsync(TimeSpan.FromMinutes(10), 3);

        Assert.Equal(["30s", "2m", "10m"], survival.Select(e => e.Checkpoint));
        Assert.All(survival, e => Assert.Equal(id, e.SuggestionId));
        Assert.All(survival, e => Assert.InRange(e.SurvivalFraction!.Value, least - 1e-9, most + 1e-9));
        Assert.Equal([30, 120, 600], survival.Select(e => (int)(e.Timestamp - ServingCore.Start.UtcDateTime).TotalSeconds));
    }

    [Fact]
    public async Task The_accepted_region_moves_with_an_edit_before_it()
    {
        Accept();
        _core.Edit(Uri, "// " + new string('#', 200) + "\n" + AfterAccept);

        var survival = Assert.Single(await SurvivalAtAsync(TimeSpan.FromSeconds(30), 1));

        Assert.Equal(1.0, survival.SurvivalFraction);
    }

    [Fact]
    public async Task The_first_save_after_an_accept_records_one_build_result()
    {
        var id = Accept();

        _core.Save(Uri);
        _core.Save(Uri);
        // The 30 s check compiles after both saves started theirs: once it and a save's result are in, a second save's would be too.
        _core.Clock.Advance(TimeSpan.FromSeconds(30));
        var builds = await Polling.UntilAsync(
            async () => await _core.EventsAsync(EventKinds.BuildResult) is var rows && rows.Any(r => r.Checkpoint == "30s") && rows.Any(r => r.Checkpoint == "save") ? rows : null,
            TimeSpan.FromSeconds(60), () => $"no build results at save and 30 s. Server log:\n{_core.Server.Stderr}");

        var saved = Assert.Single(builds, b => b.Checkpoint == "save");
        Assert.Equal((id, false, 0), (saved.SuggestionId, saved.RegionHasErrors, saved.NewDocumentErrors));
    }
}
