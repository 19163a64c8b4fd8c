using CodeAssist.Server.Configuration;
using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Storage;

namespace CodeAssist.Server.Tests.Telemetry;

/// <summary>Each shown suggestion ends once, as accepted, dismissed, superseded or timed out, and that is what the store keeps.</summary>
public sealed class SuggestionTrackerTests : IAsyncDisposable
{
    private const string Before = "class Calculator\n{\n    int Twice(int a) => \n}\n";
    private const string Suggestion = "Compute(a, 2);";
    private static readonly int Cursor = Before.IndexOf("=> ", StringComparison.Ordinal) + 3;
    private readonly ServingCore _core = new();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private string Show(string uri = "file:///work/Calculator.cs") => _core.Show(ServingCore.Document(Before, uri), Cursor, Suggestion);

    private async Task<EventRow> OnlyAsync(string kind) => Assert.Single(await _core.EventsAsync(kind));

    [Fact]
    public async Task An_accept_without_a_length_records_the_whole_suggestion_as_a_full_accept()
    {
        var id = Show();

        Assert.True(_core.Tracker.Accept(id, null));

        Assert.Equal(id, (await OnlyAsync(EventKinds.SuggestionShown)).SuggestionId);
        var accepted = await OnlyAsync(EventKinds.SuggestionAccepted);
        Assert.Equal((id, Suggestion.Length, false), (accepted.SuggestionId, accepted.AcceptedChars, accepted.Partial));
        Assert.Empty(await _core.EventsAsync(EventKinds.SuggestionRejected));
    }

    [Theory]
    [InlineData(4, 4, true)]
    [InlineData(0, 0, true)]
    [InlineData(-3, 0, true)]
    [InlineData(14, 14, false)] // Suggestion.Length
    [InlineData(500, 14, false)]
    public async Task A_partial_accept_records_its_length_clamped_to_the_suggestion(int acceptedLength, int recorded, bool partial)
    {
        var id = Show();

        Assert.True(_core.Tracker.Accept(id, acceptedLength));

        var accepted = await OnlyAsync(EventKinds.SuggestionAccepted);
        Assert.Equal((recorded, partial), (accepted.AcceptedChars, accepted.Partial));
    }

    [Fact]
    public async Task A_dismissed_suggestion_is_rejected_once_and_can_no_longer_be_accepted()
    {
        var id = Show();

        Assert.True(_core.Tracker.Dismiss(id));
        Assert.False(_core.Tracker.Dismiss(id));
        Assert.False(_core.Tracker.Accept(id, null));

        var rejected = await OnlyAsync(EventKinds.SuggestionRejected);
        Assert.Equal((id, "dismissed"), (rejected.SuggestionId, rejected.RejectReason));
        Assert.Empty(await _core.EventsAsync(EventKinds.SuggestionAccepted));
    }

    [Fact]
    public async Task A_newer_suggestion_supersedes_the_one_shown_in_the_same_document_only()
    {
        var first = Show();
        var elsewhere = Show("file:///work/Other.cs");
        var second = Show();

        var rejected = await OnlyAsync(EventKinds.SuggestionRejected);
        Assert.Equal((first, "superseded"), (rejected.SuggestionId, rejected.RejectReason));
        Assert.False(_core.Tracker.Accept(first, null));
        Assert.True(_core.Tracker.Accept(second, null));
        Assert.True(_core.Tracker.Accept(elsewhere, null));
    }

    [Fact]
    public async Task A_suggestion_left_alone_times_out_when_the_clock_passes_rejectAfterSeconds_and_not_before()
    {
        _core.Server.Get<SettingsService>().Apply(CodeAssistSettings.Default with { Telemetry = new TelemetrySettings { RejectAfterSeconds = 30 } });
        var id = Show();

        _core.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await _core.EventsAsync(EventKinds.SuggestionRejected));

        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        var rejected = await OnlyAsync(EventKinds.SuggestionRejected);
        Assert.Equal((id, "timeout"), (rejected.SuggestionId, rejected.RejectReason));
        Assert.Equal(ServingCore.Start.AddSeconds(30).UtcDateTime, rejected.Timestamp);
        Assert.False(_core.Tracker.Accept(id, null));
    }

    [Fact]
    public async Task A_suggestion_accepted_in_time_does_not_time_out_later()
    {
        var id = Show();
        Assert.True(_core.Tracker.Accept(id, null));

        _core.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await _core.EventsAsync(EventKinds.SuggestionRejected));
    }

    [Theory]
    [InlineData("Comp", "", "", "ute(a, 2);")]
    [InlineData("C", "", "", "ompute(a, 2);")]
    [InlineData("", "", "", null)] // nothing typed: the model runs again
    [InlineData(Suggestion, "", "", null)] // the whole suggestion typed: nothing left to show
    [InlineData("Cmp", "", "", null)] // typed something else
    [InlineData("Comp", "class Calculator", "class Calculatrix", null)] // and an edit before, of another length
    [InlineData("Comp", "class Calculator", "class CalculatoR", null)] // and an edit before, of the same length
    [InlineData("Comp", "\n}\n", "\n]\n", null)] // and an edit after the cursor
    public void Typing_the_start_of_the_suggestion_and_nothing_else_serves_the_rest(string typed, string replace, string with, string? rest)
    {
        Show();
        var text = Before.Insert(Cursor, typed);
        if (replace.Length > 0)
            text = text.Replace(replace, with, StringComparison.Ordinal);

        Assert.Equal(rest, _core.Tracker.TypedAhead(ServingCore.Document(text), Cursor + typed.Length));
    }

    [Fact]
    public void Typed_ahead_serves_nothing_at_another_cursor_in_another_document_or_after_the_suggestion_ended()
    {
        var id = Show();
        var typed = ServingCore.Document(Before.Insert(Cursor, "Comp"));

        Assert.Null(_core.Tracker.TypedAhead(typed, Cursor + 3));
        Assert.Null(_core.Tracker.TypedAhead(ServingCore.Document(typed.Text, "file:///work/Other.cs"), Cursor + 4));
        Assert.Equal("ute(a, 2);", _core.Tracker.TypedAhead(typed, Cursor + 4));
        _core.Tracker.Dismiss(id);
        Assert.Null(_core.Tracker.TypedAhead(typed, Cursor + 4));
    }
}
