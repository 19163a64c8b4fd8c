using System.Text.Json;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Server.Models;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>`codeassist demo`, the README's main job, end to end on what ships: every trained format, paired with every other.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly TempDirectory _folder = new("demo");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Replays_the_shipped_files_in_every_trained_format_and_writes_counts_and_pairwise_p_values()
    {
        var json = _folder.File("demo.json");

        var (exit, output) = await ServerProcess.RunAsync("demo", "--limit", "1", "--max-tokens", "4",
            "--models-dir", _folder.File("models"), "--data-dir", _folder.File("data"), "--json", json);

        Assert.True(exit == 0, output);
        var results = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("results");
        var formats = results.GetProperty("formats").EnumerateArray().ToArray();
        Assert.Equal(TrainedModels.Formats, formats.Select(f => f.GetProperty("label").GetString()));
        Assert.All(formats, f => Assert.All(["shown", "accepted", "buildOk", "buildChecked"], name => Assert.True(f.GetProperty(name).GetInt32() >= 0)));
        var comparisons = results.GetProperty("comparisons").EnumerateArray().ToArray();
        Assert.Equal(6 * 5 / 2, comparisons.Length);
        Assert.All(comparisons, c => Assert.InRange(c.GetProperty("pValue").GetDouble(), 0, 1));
        // the report's tables (llama.cpp's own quantization log lines are not ours to wrap)
        Assert.All(output.Split('\n').Where(line => line.Contains('│')), line => Assert.True(line.Length <= 80, line));
    }
}
