using System.CommandLine;
using System.Text.Json;
using CodeAssist.Telemetry.Cli;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Telemetry.Tests;

public sealed class TelemetryCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private string DatabasePath => _directory.File("telemetry.db");

    public void Dispose() => _directory.Dispose();

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var root = new RootCommand("codeassist") { TelemetryCommand.Create() };
        var output = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Export_writes_the_filtered_events_and_says_how_many()
    {
        await ReportDataset.WriteAsync(DatabasePath);
        var output = _directory.File("q4.jsonl");

        var (exitCode, text) = await RunAsync("telemetry", "export", "--format", "jsonl", "--out", output,
            "--format-label", "Q4_K_M", "--since", "2026-03-01", "--db", DatabasePath);

        Assert.Equal(0, exitCode);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Contains($"Exported {lines.Length} events to {output}", text);
        Assert.All(lines, line => Assert.Equal("Q4_K_M", JsonDocument.Parse(line).RootElement.GetProperty("format_label").GetString()));
        Assert.True(lines.Length > 40);
    }

    [Fact]
    public async Task Export_rejects_an_unknown_format()
    {
        var (exitCode, text) = await RunAsync("telemetry", "export", "--format", "xlsx", "--out", _directory.File("x"), "--db", DatabasePath);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("xlsx", text);
    }

    [Fact]
    public async Task Report_prints_tables_and_writes_html_and_json()
    {
        await ReportDataset.WriteAsync(DatabasePath);
        var html = _directory.File("report.html");
        var json = _directory.File("report.json");

        var (exitCode, text) = await RunAsync("telemetry", "report", "--html", html, "--json", json, "--db", DatabasePath);

        Assert.Equal(0, exitCode);
        Assert.Contains("Q8_0", text);
        Assert.Contains("80.0% [62.7%, 90.5%] n=30", text);
        Assert.Contains("Q4_K_M", await File.ReadAllTextAsync(html));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(3, report.RootElement.GetProperty("formats").GetArrayLength());
    }

    [Fact]
    public async Task Report_minimum_sample_size_is_configurable()
    {
        await ReportDataset.WriteAsync(DatabasePath);

        var (_, text) = await RunAsync("telemetry", "report", "--min-sample-size", "50", "--db", DatabasePath);

        Assert.Contains("not enough data (n=40)", text);
    }
}
