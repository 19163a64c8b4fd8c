using System.Text.Json;
using System.Text.Json.Serialization;
using CodeAssist.Telemetry.Reporting;
using CodeAssist.Telemetry.Statistics;
using Spectre.Console;

namespace CodeAssist.Server.Reports;

public sealed record BenchTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

public sealed record BenchRateChart(string Title, IReadOnlyList<BenchRate> Rates);

public sealed record BenchRate(string Label, Proportion Rate);

/// <summary>
/// What a benchmark verb prints: tables (console and HTML), rate charts (HTML), warnings and notes, plus the typed results
/// that go into <c>--json</c>. The HTML uses the telemetry report's look (<see cref="HtmlPage"/>).
/// </summary>
public sealed record BenchReport(
    string Title,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Notes,
    IReadOnlyList<BenchTable> Tables,
    IReadOnlyList<BenchRateChart> Charts,
    object Results)
{
    /// <summary>Rates below this many samples are greyed out in charts.</summary>
    public const int MinSampleSize = 30;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(new { Title, Warnings, Notes, Results }, Json);

    public string ToHtml()
    {
        var html = HtmlPage.Begin(Title);
        foreach (var warning in Warnings)
            HtmlPage.AppendBanner(html, warning);
        foreach (var note in Notes)
            HtmlPage.AppendNote(html, note);
        foreach (var table in Tables)
        {
            HtmlPage.AppendHeading(html, table.Title);
            HtmlPage.AppendTable(html, table.Headers, table.Rows);
        }
        foreach (var chart in Charts)
        {
            HtmlPage.AppendHeading(html, chart.Title);
            html.Append(HtmlPage.RateChart(chart.Rates.Select(r => (r.Label, r.Rate)).ToArray(), MinSampleSize));
        }
        return HtmlPage.End(html).ToString();
    }

    public void WriteTo(IAnsiConsole console)
    {
        foreach (var warning in Warnings)
            console.Write(new Panel(Markup.Escape(warning)).BorderColor(Color.Yellow));
        foreach (var table in Tables)
        {
            var rendered = new Table().Title(Markup.Escape(table.Title));
            foreach (var header in table.Headers)
                rendered.AddColumn(Markup.Escape(header));
            foreach (var row in table.Rows)
                rendered.AddRow(row.Select(Markup.Escape).ToArray());
            console.Write(rendered);
        }
        foreach (var note in Notes)
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
    }

    /// <summary>Writes the console tables and, when asked for, the JSON and HTML files.</summary>
    public async Task PublishAsync(IAnsiConsole console, string? jsonPath, string? htmlPath, CancellationToken cancellationToken)
    {
        WriteTo(console);
        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, ToJson(), cancellationToken);
            console.MarkupLine($"JSON: {Markup.Escape(Path.GetFullPath(jsonPath))}");
        }
        if (htmlPath is not null)
        {
            await File.WriteAllTextAsync(htmlPath, ToHtml(), cancellationToken);
            console.MarkupLine($"HTML: {Markup.Escape(Path.GetFullPath(htmlPath))}");
        }
    }
}
