using System.Text.Json.Nodes;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>Issue 5: a scripted editing session in two formats against the real server, checked in SQLite, exports and report.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class TelemetryTests(DemoModelsFixture models)
{
    private static readonly Dictionary<string, string> Seams = new()
    {
        ["CODEASSIST_TEST_SEAMS"] = "1",
        ["CODEASSIST_TEST_TIME_SCALE"] = "0.002", // every server timer 500 times faster: survival checkpoints at 60 ms, 240 ms and 1.2 s
    };

    private int _version = 1;

    /// <summary>The usual settings with the rejection timeout that the time scale turns into 2 s.</summary>
    private JsonObject ScaledSettings()
    {
        var settings = ModelSession.Settings(models);
        settings["telemetry"] = new JsonObject { ["rejectAfterSeconds"] = 1000 };
        return settings;
    }

    private async Task<string> ShowAsync(LspTestClient client, string text, int line)
    {
        await client.RequestAsync("codeassist/test/injectCompletion", new JsonObject { ["text"] = text });
        var response = await client.RequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(line, ModelSession.BodyColumn));
        var item = response["result"]!["items"]!.AsArray().Single()!;
        Assert.Equal(text, (string)item["insertText"]!); // served from the injected text, not a cache
        return (string)item["command"]!["arguments"]![0]!["suggestionId"]!;
    }

    private Task EditAsync(LspTestClient client, int line, int character, string text) =>
        client.NotifyAsync("textDocument/didChange", TextDocuments.Change(ModelSession.Uri, ++_version, TextDocuments.Edit(line, character, line, character, text)));

    /// <summary>Per format: 4 shown; 1 accepted (then edited and saved), 1 dismissed, 1 superseded, 1 timed out.</summary>
    private async Task ScriptAsync(LspTestClient client, string label, string marker)
    {
        // Each suggestion goes on its own new empty line, so no cache or typed-ahead answer is involved.
        await EditAsync(client, ModelSession.BodyLine, 0, $"        // {marker}\n        \n");
        var accepted = await ShowAsync(client, "return a + b;", ModelSession.BodyLine + 1);
        await EditAsync(client, ModelSession.BodyLine + 1, ModelSession.BodyColumn, "return a + b;");
        Assert.True((bool)(await client.ExecuteCommandAsync("codeassist.accept", new JsonObject { ["suggestionId"] = accepted }))!["recorded"]!);
        await EditAsync(client, ModelSession.BodyLine + 1, ModelSession.BodyColumn + 13, " // kept");
        await client.NotifyAsync("textDocument/didSave", TextDocuments.Identifier(ModelSession.Uri));

        await EditAsync(client, ModelSession.BodyLine + 2, 0, "        \n");
        var dismissed = await ShowAsync(client, "return b + a;", ModelSession.BodyLine + 2);
        await client.ExecuteCommandAsync("codeassist.dismiss", new JsonObject { ["suggestionId"] = dismissed });

        await EditAsync(client, ModelSession.BodyLine + 2, 0, " ");
        await ShowAsync(client, "return a * b;", ModelSession.BodyLine + 2); // superseded by the next
        await EditAsync(client, ModelSession.BodyLine + 2, 0, " ");
        await ShowAsync(client, "return a - b;", ModelSession.BodyLine + 2);  // times out (rejectAfterSeconds = 2)
        // The timeout and the survival checkpoints are the server's timers: wait until their events are stored, however slow the machine.
        await WaitForCountsAsync(Path.Combine(client.DataDirectory, "telemetry.db"), label, ("suggestion_rejected", 3), ("survival", 3), ("build_result", 4));
    }

    private static Task WaitForCountsAsync(string database, string label, params (string Kind, int Count)[] expected)
    {
        Dictionary<(string Label, string Kind), int> counts = [];
        return Polling.UntilAsync(async () =>
            {
                counts = await CountsAsync(database);
                return expected.All(e => counts.GetValueOrDefault((label, e.Kind)) >= e.Count) ? counts : null;
            },
            TimeSpan.FromSeconds(60),
            () => $"{label}: expected at least {string.Join(", ", expected)}, stored {string.Join(", ", counts.Where(c => c.Key.Label == label))}");
    }

    [Fact]
    public async Task A_scripted_session_in_two_formats_gives_the_expected_counts_exports_and_report()
    {
        var settings = ScaledSettings();
        await using var client = new LspTestClient(environment: Seams) { Settings = settings };
        await client.InitializeAsync(ModelSession.Capabilities());
        await client.WaitForStatusAsync("ready", "Q8_0");
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(ModelSession.Uri, ModelSession.Source));
        await ScriptAsync(client, "Q8_0", "first format");

        settings["quantFormat"] = "MXFP4_MOE";
        await client.ChangeSettingsAsync();
        await client.WaitForStatusAsync("ready", "MXFP4_MOE");
        await ScriptAsync(client, "MXFP4_MOE", "second format");
        Assert.Equal(0, await client.ShutdownAsync());

        var database = Path.Combine(client.DataDirectory, "telemetry.db");
        var counts = await CountsAsync(database);
        foreach (var label in new[] { "Q8_0", "MXFP4_MOE" })
        {
            Assert.Equal(4, counts.GetValueOrDefault((label, "suggestion_shown")));
            Assert.Equal(1, counts.GetValueOrDefault((label, "suggestion_accepted")));
            Assert.Equal(3, counts.GetValueOrDefault((label, "suggestion_rejected")));
            Assert.Equal(3, counts.GetValueOrDefault((label, "survival")));
            Assert.Equal(4, counts.GetValueOrDefault((label, "build_result")));
            Assert.True(counts.GetValueOrDefault((label, "session_start")) >= 1);
        }
        Assert.Equal(["dismissed", "dismissed", "superseded", "superseded", "timeout", "timeout"],
            (await ColumnAsync(database, "reject_reason", "suggestion_rejected")).Order().ToArray());
        Assert.All(await ColumnAsync(database, "survival_fraction", "survival"), f => Assert.InRange(double.Parse(f), 0.99, 1.0));
        Assert.All(await ColumnAsync(database, "region_has_errors", "build_result"), e => Assert.Equal("0", e));
        Assert.All(await ColumnAsync(database, "format_sha256", "suggestion_shown"), sha => Assert.Matches("^[0-9a-f]{64}$", sha));

        var total = counts.Values.Sum();
        foreach (var format in new[] { "csv", "jsonl", "parquet" })
        {
            var output = Path.Combine(client.DataDirectory, $"export.{format}");
            var (exit, stdout) = await ServerProcess.RunAsync("telemetry", "export", "--format", format, "--out", output, "--db", database);
            Assert.True(exit == 0, stdout);
            Assert.Contains(total.ToString(), stdout);
        }
        Assert.Equal(total + 1, File.ReadAllLines(Path.Combine(client.DataDirectory, "export.csv")).Length); // header
        Assert.Equal(total, File.ReadAllLines(Path.Combine(client.DataDirectory, "export.jsonl")).Length);
        var q8Rows = File.ReadAllLines(Path.Combine(client.DataDirectory, "export.jsonl"))
            .Count(l => (string?)JsonNode.Parse(l)!["format_label"] == "Q8_0");
        Assert.Equal(counts.Where(c => c.Key.Label == "Q8_0").Sum(c => c.Value), q8Rows);

        var reportFile = Path.Combine(client.DataDirectory, "report.json");
        var (reportExit, reportOut) = await ServerProcess.RunAsync("telemetry", "report", "--json", reportFile, "--min-sample-size", "1", "--db", database);
        Assert.True(reportExit == 0, reportOut);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(reportFile))!;
        foreach (var label in new[] { "Q8_0", "MXFP4_MOE" })
        {
            var format = report["formats"]!.AsArray().Single(f => (string?)f!["label"] == label)!;
            Assert.Equal(4, (int)format["shown"]!);
            Assert.Equal(1, (int)format["accepted"]!);
            var acceptance = format["acceptance"]!;
            Assert.Equal(0.25, (double)acceptance["rate"]!, 6);
            // Wilson 95% interval for 1 of 4.
            Assert.Equal(0.0456, (double)acceptance["low"]!, 3);
            Assert.Equal(0.6994, (double)acceptance["high"]!, 3);
            Assert.Equal(1.0, (double)format["buildSuccess"]!["rate"]!, 6);
        }
        Assert.Contains(report["comparisons"]!.AsArray(), c => (string?)c!["metric"] == "acceptance");
    }

    [Fact]
    public async Task Kill_9_right_after_an_acknowledged_accept_loses_neither_the_accept_nor_the_shown_event()
    {
        await using var client = new LspTestClient(environment: Seams) { Settings = ScaledSettings() };
        await client.InitializeAsync(ModelSession.Capabilities());
        await client.WaitForStatusAsync("ready");
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(ModelSession.Uri, ModelSession.Source));
        var id = await ShowAsync(client, "return a + b;", ModelSession.BodyLine);
        await client.ExecuteCommandAsync("codeassist.accept", new JsonObject { ["suggestionId"] = id });
        client.Process.Kill(entireProcessTree: true);
        await client.WaitForExitAsync();

        var counts = await CountsAsync(Path.Combine(client.DataDirectory, "telemetry.db"));
        Assert.Equal(1, counts.GetValueOrDefault(("Q8_0", "suggestion_shown")));
        Assert.Equal(1, counts.GetValueOrDefault(("Q8_0", "suggestion_accepted")));
    }

    private static async Task<Dictionary<(string Label, string Kind), int>> CountsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(format_label, ''), kind, count(*) FROM events GROUP BY 1, 2";
        var counts = new Dictionary<(string, string), int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return counts;
    }

    private static async Task<List<string>> ColumnAsync(string database, string column, string kind)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST({column} AS TEXT) FROM events WHERE kind = $kind";
        command.Parameters.AddWithValue("$kind", kind);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        return values;
    }
}
