using System.Text.Json;
using CodeAssist.Telemetry.Export;
using CodeAssist.Telemetry.Storage;
using CodeAssist.Tests.Shared;
using Parquet;

namespace CodeAssist.Telemetry.Tests;

public sealed class TelemetryExporterTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private string DatabasePath => _directory.File("telemetry.db");

    public void Dispose() => _directory.Dispose();

    private static readonly string[] ColumnNames = EventColumns.All.Select(column => column.Name).ToArray();

    [Fact]
    public async Task Csv_has_the_stable_header_and_one_row_per_stored_event()
    {
        await ReportDataset.WriteAsync(DatabasePath);
        var output = _directory.File("out/events.csv");

        var rows = await TelemetryExporter.ExportAsync(DatabasePath, output, ExportFormat.Csv, EventFilter.All);

        var lines = (await File.ReadAllTextAsync(output)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(StoreTestHelpers.CountRows(DatabasePath), rows);
        Assert.Equal(rows + 1, lines.Length);
        Assert.Equal(string.Join(',', ColumnNames), lines[0]);
        Assert.StartsWith("1,2026-03-01T09:00:01.000Z,session_start,session-Q4_K_M,Q4_K_M,", lines[1]);
        Assert.All(lines.Skip(1), line => Assert.Equal(ColumnNames.Length, line.Split(',').Length));
    }

    [Fact]
    public async Task Csv_quotes_fields_with_commas_quotes_and_line_breaks()
    {
        await using (var store = new TelemetryStore(new TelemetryOptions { DatabasePath = DatabasePath, IncludeCode = true }))
            store.Record(SampleEvents.Shown("s1") with { SuggestionText = "a, \"b\"\nc" });
        var output = _directory.File("events.csv");

        await TelemetryExporter.ExportAsync(DatabasePath, output, ExportFormat.Csv, EventFilter.All);

        var text = await File.ReadAllTextAsync(output);
        Assert.Contains("\"a, \"\"b\"\"\nc\"", text);
        Assert.Contains(",\"CS0103,CS1002\",true,false,", text);
    }

    [Fact]
    public async Task Jsonl_has_one_object_per_event_with_every_column()
    {
        await ReportDataset.WriteAsync(DatabasePath);
        var output = _directory.File("events.jsonl");

        var rows = await TelemetryExporter.ExportAsync(DatabasePath, output, ExportFormat.Jsonl, EventFilter.All);

        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(rows, lines.Length);
        Assert.Equal(StoreTestHelpers.CountRows(DatabasePath), rows);
        using var first = JsonDocument.Parse(lines[3]);
        Assert.Equal(ColumnNames, first.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("suggestion_shown", first.RootElement.GetProperty("kind").GetString());
        Assert.Equal(100, first.RootElement.GetProperty("first_token_ms").GetDouble());
        Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty("reject_reason").ValueKind);
    }

    [Fact]
    public async Task Parquet_has_the_column_set_and_the_row_count()
    {
        await ReportDataset.WriteAsync(DatabasePath);
        var output = _directory.File("events.parquet");

        var rows = await TelemetryExporter.ExportAsync(DatabasePath, output, ExportFormat.Parquet, EventFilter.All);

        await using var reader = await ParquetReader.CreateAsync(output);
        Assert.Equal(ColumnNames, reader.Schema.GetDataFields().Select(field => field.Name));
        long total = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var groupReader = reader.OpenRowGroupReader(group);
            total += groupReader.RowCount;
        }
        Assert.Equal(rows, total);
        Assert.Equal(StoreTestHelpers.CountRows(DatabasePath), rows);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Jsonl)]
    [InlineData(ExportFormat.Parquet)]
    public async Task Filters_by_format_label_and_since(ExportFormat format)
    {
        await ReportDataset.WriteAsync(DatabasePath);
        var all = TelemetryDatabase.Read(DatabasePath, EventFilter.All);
        var cutoff = all[100].Timestamp;
        var filter = new EventFilter(cutoff, "Q8_0");

        var rows = await TelemetryExporter.ExportAsync(DatabasePath, _directory.File("filtered." + format), format, filter);

        Assert.Equal(all.Count(row => row.FormatLabel == "Q8_0" && row.Timestamp >= cutoff), rows);
        Assert.InRange(rows, 1, all.Count(row => row.FormatLabel == "Q8_0") - 1);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Jsonl)]
    [InlineData(ExportFormat.Parquet)]
    public async Task An_empty_database_exports_zero_rows_to_a_valid_file(ExportFormat format)
    {
        var output = _directory.File("empty." + format);

        var rows = await TelemetryExporter.ExportAsync(DatabasePath, output, format, EventFilter.All);

        Assert.Equal(0, rows);
        Assert.True(File.Exists(output));
        if (format == ExportFormat.Parquet)
        {
            await using var reader = await ParquetReader.CreateAsync(output);
            Assert.Equal(ColumnNames, reader.Schema.GetDataFields().Select(field => field.Name));
        }
    }

    [Theory]
    [InlineData("csv", ExportFormat.Csv)]
    [InlineData("JSONL", ExportFormat.Jsonl)]
    [InlineData("Parquet", ExportFormat.Parquet)]
    public void Format_names_parse_in_any_case(string name, ExportFormat expected)
    {
        Assert.Equal(expected, ExportFormats.Parse(name));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("7")]
    public void Unknown_format_names_are_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => ExportFormats.Parse(name));
    }
}
