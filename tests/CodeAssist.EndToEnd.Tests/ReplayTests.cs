using System.Text.Json;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Models;
using CodeAssist.Server.Protocol;
using CodeAssist.Server.Replay;
using CodeAssist.Telemetry.Reporting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>
/// `codeassist replay` drives the real server with the shipped trained model: the JSON has the agreed shape and its counts
/// agree with each other and with the server's own telemetry.
/// </summary>
public sealed class ReplayTests : IDisposable
{
    private const string Basket = """
        using System.Collections.Generic;

        namespace Shop;

        public sealed class Basket
        {
            private readonly List<int> _prices = new();

            public void Add(int price)
            {
                _prices.Add(price);
                Total += price;
            }

            public int Total { get; private set; }
        }

        """;

    private readonly TempDirectory _folder = new("replay");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Two_labels_of_one_model_replay_the_same_sites_side_by_side_and_the_counts_agree_with_the_server_telemetry()
    {
        _folder.Write("repo/Basket.cs", Basket);
        var json = _folder.File("replay.json");
        var data = _folder.File("data");

        var (exit, output) = await ServerProcess.RunAsync("replay", "--repo", _folder.File("repo"), "--limit", "3", "--seed", "5",
            "--model", $"A={TrainedModels.ShippedPath}", "--model", $"B={TrainedModels.ShippedPath}",
            "--max-tokens", "8", "--verify", "annotate", "--data-dir", data, "--json", json,
            "--jobs", "2"); // two servers at once, recording into the one telemetry store

        Assert.True(exit == 0, output);
        var results = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("results");
        Assert.Equal(3, results.GetProperty("sites").GetInt32());
        var telemetry = FormatReportBuilder.FromDatabase(Path.Combine(data, "telemetry.db"), minSampleSize: 1);
        var formats = results.GetProperty("formats").EnumerateArray().ToArray();
        Assert.Equal(["A", "B"], formats.Select(f => f.GetProperty("label").GetString()));
        foreach (var format in formats)
        {
            var label = format.GetProperty("label").GetString();
            var sites = results.GetProperty("outcomes").EnumerateArray().Single(o => o.GetProperty("label").GetString() == label).GetProperty("sites").EnumerateArray().ToArray();
            var shown = format.GetProperty("shown").GetInt32();
            var accepted = format.GetProperty("accepted").GetInt32();
            Assert.Equal(3, sites.Length);
            Assert.Equal(sites.Sum(s => s.GetProperty("shown").GetInt32()), shown);
            Assert.Equal(sites.Sum(s => s.GetProperty("accepted").GetInt32()), accepted);
            Assert.InRange(accepted, 0, shown);
            Assert.InRange(format.GetProperty("charsSaved").GetInt32(), 0, format.GetProperty("charsToType").GetInt32());
            Assert.InRange(format.GetProperty("buildOk").GetInt32(), 0, format.GetProperty("buildChecked").GetInt32());
            Assert.Equal(format.GetProperty("buildChecked").GetInt32(), accepted); // every accept had its save checked
            // the replay's counts are the server's: every suggestion shown was recorded, and every accept
            var recorded = Assert.Single(telemetry.Formats, f => f.Label == label);
            Assert.Equal((shown, accepted), (recorded.Shown, recorded.Accepted));
        }
        var comparison = Assert.Single(results.GetProperty("comparisons").EnumerateArray());
        Assert.Equal(3, comparison.GetProperty("pairs").GetInt32());
        Assert.InRange(comparison.GetProperty("pValue").GetDouble(), 0, 1);
        // greedy decoding and the same keystrokes: one model under two labels does the same at every site
        Assert.Equal(formats[0].GetProperty("shown").GetInt32(), formats[1].GetProperty("shown").GetInt32());
        Assert.Equal((0, 0), (comparison.GetProperty("onlyA").GetInt32(), comparison.GetProperty("onlyB").GetInt32()));
        Assert.Contains("A vs B: no detectable difference", output);
    }

    [Fact]
    public async Task Whole_and_partial_accepts_go_through_the_accept_command_into_the_document_and_each_save_checks_their_build()
    {
        _folder.Write("repo/Basket.cs", Basket);
        var repository = _folder.File("repo");
        var data = _folder.File("data");
        var script = KeystrokeScript.Generate(repository, 2, seed: 5);
        var sites = script.Edits.ToArray();
        await using var server = ProcessLspConnection.Start(data, new Dictionary<string, string> { ["CODEASSIST_TEST_SEAMS"] = "1" });
        server.Settings = JsonSerializer.SerializeToNode(new { verify = "annotate" })!.AsObject(); // shown though it does not compile
        await server.InitializeAsync(new Uri(repository + "/").AbsoluteUri, CancellationToken.None);
        // No model, so only these two suggestions are ever shown: the first site's real text, then at the second site its
        // first character and then something else, of which the developer can take only the first word.
        await server.RequestAsync<object>("codeassist/test/injectCompletion", new { text = sites[0].Removed });
        await server.RequestAsync<object>("codeassist/test/injectCompletion", new { text = sites[1].Removed[..1] + " §§" });

        var outcomes = await new ReplayDeveloper(server).PlayAsync(script, CancellationToken.None);

        Assert.Equal(new SiteOutcome(sites[0].Id, Keystrokes: 0, Shown: 1, Accepted: 1, PartialAccepts: 0, CharsSaved: sites[0].Removed.Length),
            outcomes[0] with { Requests = [] });
        Assert.Equal([new SiteRequest(0, Accepted: true)], outcomes[0].Requests);
        Assert.True((1, 1, 1) == (outcomes[1].Accepted, outcomes[1].PartialAccepts, outcomes[1].CharsSaved), $"{outcomes[1]} for '{sites[1].Removed}'");
        // one request per keystroke after the first character's accept, none of them answered
        Assert.Equal(new SiteRequest(0, Accepted: true), outcomes[1].Requests[0]);
        Assert.Equal(outcomes[1].Keystrokes, outcomes[1].Requests.Skip(1).Count(r => !r.Accepted));
        Assert.Equal(1, outcomes[1].Requests[1].Typed);
        var telemetry = await Polling.UntilAsync(async () =>
        {
            await server.RequestAsync<JsonElement>("workspace/executeCommand", new ExecuteCommandParams("codeassist.formatReport"));
            var report = FormatReportBuilder.FromDatabase(Path.Combine(data, "telemetry.db"), minSampleSize: 1).Formats.Single();
            return report.BuildSuccess.N == 2 ? report : null;
        }, TimeSpan.FromSeconds(30), () => "the two accepted suggestions' build checks on save were not recorded");
        Assert.Equal((2, 2), (telemetry.Shown, telemetry.Accepted));
        // the document was the real code again after each site, so both accepted texts build
        Assert.Equal(2, telemetry.BuildSuccess.Successes);
    }

    [Fact]
    public async Task A_folder_without_cs_files_is_a_clear_error_before_any_model_is_made()
    {
        _folder.Write("docs/README.md", "# no C# here");

        var (exit, output) = await ServerProcess.RunAsync("replay", "--repo", _folder.File("docs"), "--models-dir", _folder.File("models"));

        Assert.Equal(2, exit);
        Assert.Contains($"replay: folder {_folder.File("docs")} has no .cs files to replay", output.Replace("\n", ""));
        Assert.False(Directory.Exists(_folder.File("models")));
    }

    [Theory]
    [InlineData("repeated", "replay: each --model needs its own label; repeated: A")]
    [InlineData("used data folder", "already holds telemetry; give --data-dir a new folder")]
    [InlineData("no jobs", "replay: --jobs must be at least 1, got 0")]
    public async Task Repeated_labels_a_data_folder_with_earlier_telemetry_and_no_jobs_are_clear_errors(string mistake, string message)
    {
        _folder.Write("repo/Basket.cs", Basket);
        _folder.Write("data/telemetry.db", "");
        string[] models = mistake switch
        {
            "repeated" => ["--model", $"A={TrainedModels.ShippedPath}", "--model", $"A={TrainedModels.ShippedPath}"],
            "no jobs" => ["--model", $"A={TrainedModels.ShippedPath}", "--jobs", "0"],
            _ => ["--model", $"A={TrainedModels.ShippedPath}"],
        };

        var (exit, output) = await ServerProcess.RunAsync(["replay", "--repo", _folder.File("repo"), "--data-dir", _folder.File("data"), .. models]);

        Assert.Equal(2, exit);
        Assert.Contains(message, output.Replace("\n", ""));
    }
}
