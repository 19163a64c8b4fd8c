using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Sessions;

/// <summary>The KV-cache reuse path of each model-served suggestion reaches the telemetry store, on the hybrid qwen3next demo model.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class ReuseTelemetryTests(DemoModelsFixture models, ITestOutputHelper output)
{
    [Fact]
    public async Task Suggestions_record_their_reuse_path_and_reused_prompt_tokens()
    {
        var settings = ModelSession.Settings(models, verify: "off");
        settings["models"]!["Q8_0"] = models.Get("qwen3next", "Q8_0").Path;
        await using var client = await ModelSession.StartAsync(InProcessServer.Start(testSeams: true), settings);

        const string typed = "var x = a * b;";
        for (var i = 0; i <= typed.Length; i++)
        {
            if (i > 0)
                await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(ModelSession.Uri, i + 1,
                    TextDocuments.Edit(ModelSession.BodyLine, ModelSession.BodyColumn + i - 1, ModelSession.BodyLine, ModelSession.BodyColumn + i - 1, typed[i - 1].ToString())));
            var response = await client.RequestAsync("textDocument/inlineCompletion", ModelSession.InlineAt(ModelSession.BodyLine, ModelSession.BodyColumn + i));
            Assert.Null(response["error"]);
        }

        var shown = (await client.ExportedEventsAsync()).Where(e => (string?)e["kind"] == "suggestion_shown").ToList();
        var fromModel = shown.Where(e => e["reuse_path"] is not null).Select(e => ((string)e["reuse_path"]!, (int)e["reused_prompt_tokens"]!)).ToList();
        output.WriteLine(string.Join(", ", fromModel));
        Assert.NotEmpty(fromModel);
        // the first request is evaluated cold, but the random model's answer to it may be cut to nothing and not shown
        Assert.All(fromModel, path => Assert.True(path == ("cold", 0) || path.Item2 > 0, path.ToString()));
        Assert.Contains(fromModel, path => path.Item1 == "checkpoint" && path.Item2 > 0);
        Assert.All(shown.Where(e => e["reuse_path"] is null), e => Assert.True((bool)e["typed_ahead_hit"]! || (bool)e["cache_hit"]!));
    }
}
