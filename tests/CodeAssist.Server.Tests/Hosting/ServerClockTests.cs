using System.Text.Json.Nodes;
using CodeAssist.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// The rejection and survival timers run on the server's <see cref="TimeProvider"/>: the real server in process with a
/// fake clock shows each fires exactly when its time has passed, and stamps its event with that time.
/// </summary>
public sealed class ServerClockTests
{
    private const string Uri = "file:///work/Calculator.cs";
    private const string Source = "public class Calculator\n{\n    public int Add(int a, int b)\n    {\n        \n    }\n}\n";
    private const int BodyLine = 4;
    private const int BodyColumn = 8;
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Settings() => new()
    {
        ["quantFormat"] = "Q8_0",
        ["verify"] = "off",
        ["telemetry"] = new JsonObject { ["rejectAfterSeconds"] = 600 },
    };

    private readonly ScriptedModel _model = new();

    private async Task<InProcessServer> StartAsync(FakeTimeProvider clock)
    {
        var server = InProcessServer.Start(clock, model: _model);
        server.Settings = Settings();
        await server.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        await server.WaitForStatusAsync("ready");
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Source));
        return server;
    }

    /// <summary>Shows a known suggestion (a scripted model: this test is about the timers) and returns its id.</summary>
    private async Task<string> ShowAsync(InProcessServer server, string text)
    {
        _model.Answer(text);
        var response = await server.RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri },
            ["position"] = TextDocuments.Position(BodyLine, BodyColumn),
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        });
        return (string)response["result"]!["items"]![0]!["command"]!["arguments"]![0]!["suggestionId"]!;
    }

    [Fact]
    public async Task A_suggestion_left_alone_is_rejected_when_the_server_clock_passes_rejectAfterSeconds()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock);
        await ShowAsync(server, "return a + b;");
        await EventsAsync(server, "suggestion_shown", 1);

        clock.Advance(TimeSpan.FromSeconds(599));
        await Task.Delay(300); // a timer that fired early would have stored its event by now
        Assert.Empty(await RowsAsync(server, "suggestion_rejected"));

        clock.Advance(TimeSpan.FromSeconds(1));
        var rejected = Assert.Single(await EventsAsync(server, "suggestion_rejected", 1));
        Assert.Equal("timeout", rejected.Reason);
        Assert.Equal(Start.AddSeconds(600), rejected.Timestamp);
    }

    [Fact]
    public async Task Survival_checkpoints_after_an_accept_follow_the_server_clock()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = await StartAsync(clock);
        var id = await ShowAsync(server, "return a + b;");
        await server.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 2, TextDocuments.Edit(BodyLine, BodyColumn, BodyLine, BodyColumn, "return a + b;")));
        await server.ExecuteCommandAsync("codeassist.accept", new JsonObject { ["suggestionId"] = id });

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["30s"], (await EventsAsync(server, "survival", 1)).Select(e => e.Checkpoint));
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(["30s", "2m"], (await EventsAsync(server, "survival", 2)).Select(e => e.Checkpoint));
        clock.Advance(TimeSpan.FromMinutes(8));
        var survival = await EventsAsync(server, "survival", 3);
        Assert.Equal(["30s", "2m", "10m"], survival.Select(e => e.Checkpoint));
        Assert.Equal([Start.AddSeconds(30), Start.AddMinutes(2), Start.AddMinutes(10)], survival.Select(e => e.Timestamp));
    }

    private sealed record Row(DateTimeOffset Timestamp, string? Reason, string? Checkpoint);

    /// <summary>
    /// The stored events of a kind once there are <paramref name="count"/> (events are written in the background). The
    /// wait is far shorter than any of the timers, so a timer on the wall clock instead of the server's fails the test.
    /// </summary>
    private static Task<List<Row>> EventsAsync(InProcessServer server, string kind, int count) =>
        Polling.UntilAsync(async () => await RowsAsync(server, kind) is { } rows && rows.Count >= count ? rows : null,
            TimeSpan.FromSeconds(10), () => $"fewer than {count} {kind} events. Server log:\n{server.Stderr}");

    private static async Task<List<Row>> RowsAsync(InProcessServer server, string kind)
    {
        if (!File.Exists(server.TelemetryDatabase))
            return [];
        await using var connection = new SqliteConnection($"Data Source={server.TelemetryDatabase};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT timestamp, reject_reason, checkpoint FROM events WHERE kind = $kind ORDER BY timestamp";
        command.Parameters.AddWithValue("$kind", kind);
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new Row(DateTimeOffset.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return rows;
    }
}
