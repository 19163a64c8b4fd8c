using System.Globalization;
using System.Text;
using System.Text.Json;
using CodeAssist.Telemetry.Storage;
using Parquet.Schema;
using Parquet.Serialization;

namespace CodeAssist.Telemetry.Export;

public enum ExportFormat
{
    Csv,
    Jsonl,
    Parquet,
}

/// <summary>Writes stored events, one row per event with the <see cref="EventColumns.All"/> column set, to a file.</summary>
public static class TelemetryExporter
{
    /// <summary>Exports the matching events from the database; returns the number of rows written.</summary>
    public static Task<int> ExportAsync(string databasePath, string outputPath, ExportFormat format, EventFilter filter) =>
        WriteAsync(TelemetryDatabase.Read(databasePath, filter), outputPath, format);

    public static async Task<int> WriteAsync(IReadOnlyList<EventRow> rows, string outputPath, ExportFormat format)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        switch (format)
        {
            case ExportFormat.Csv:
                await File.WriteAllTextAsync(outputPath, ToCsv(rows), new UTF8Encoding(false)).ConfigureAwait(false);
                break;
            case ExportFormat.Jsonl:
                await File.WriteAllTextAsync(outputPath, ToJsonLines(rows), new UTF8Encoding(false)).ConfigureAwait(false);
                break;
            case ExportFormat.Parquet:
                await WriteParquetAsync(rows, outputPath).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
        return rows.Count;
    }

    private static string ToCsv(IEnumerable<EventRow> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', EventColumns.All.Select(column => column.Name)).Append("\r\n");
        foreach (var row in rows)
            csv.AppendJoin(',', EventColumns.All.Select(column => CsvField(column.GetValue(row)))).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>RFC 4180: quote fields holding a comma, quote or line break; double embedded quotes.</summary>
    private static string CsvField(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTime time => EventColumn.FormatTimestamp(time),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
    }

    private static string ToJsonLines(IEnumerable<EventRow> rows)
    {
        var lines = new StringBuilder();
        using var buffer = new MemoryStream();
        foreach (var row in rows)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach (var column in EventColumns.All)
                {
                    json.WritePropertyName(column.Name);
                    switch (column.GetValue(row))
                    {
                        case null: json.WriteNullValue(); break;
                        case DateTime time: json.WriteStringValue(EventColumn.FormatTimestamp(time)); break;
                        case var value: JsonSerializer.Serialize(json, value, value.GetType()); break;
                    }
                }
                json.WriteEndObject();
            }
            lines.Append(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).Append('\n');
        }
        return lines.ToString();
    }

    private static async Task WriteParquetAsync(IReadOnlyList<EventRow> rows, string outputPath)
    {
        var schema = new ParquetSchema(EventColumns.All.Select(column =>
            new DataField(column.Name, column.ClrType, isNullable: column.ClrType == typeof(string) ? true : null)));
        var records = rows
            .Select(row => (IDictionary<string, object?>)EventColumns.All.ToDictionary(column => column.Name, column => column.GetValue(row)))
            .ToArray();
        await using var file = File.Create(outputPath);
        await ParquetSerializer.SerializeUntypedAsync(records, schema, file).ConfigureAwait(false);
    }
}

public static class ExportFormats
{
    /// <summary>Parses "csv", "jsonl" or "parquet" (any case), as the CLI and the LSP command receive them.</summary>
    public static ExportFormat Parse(string name) =>
        Enum.TryParse<ExportFormat>(name, ignoreCase: true, out var format) && Enum.IsDefined(format)
            ? format
            : throw new ArgumentException($"Unknown export format '{name}': use csv, jsonl or parquet.", nameof(name));
}
