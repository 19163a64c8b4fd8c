using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace CodeAssist.Telemetry.Storage;

/// <summary>One column of <see cref="EventRow"/>: its snake_case name and how its value travels to and from SQLite.</summary>
public sealed class EventColumn(PropertyInfo property)
{
    /// <summary>Timestamps are stored as fixed-width UTC text so that string order is time order.</summary>
    internal const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public string Name { get; } = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
    public Type ClrType { get; } = property.PropertyType;
    internal PropertyInfo Property => property;

    public object? GetValue(EventRow row) => property.GetValue(row);

    internal object ToDatabase(EventRow row) => GetValue(row) switch
    {
        null => DBNull.Value,
        DateTime time => FormatTimestamp(time),
        bool flag => flag ? 1L : 0L,
        var value => value,
    };

    internal void SetFromDatabase(EventRow row, object value)
    {
        if (value is DBNull)
            return;
        var target = Nullable.GetUnderlyingType(ClrType) ?? ClrType;
        object converted = target == typeof(DateTime) ? ParseTimestamp((string)value)
            : target == typeof(bool) ? Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0
            : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        property.SetValue(row, converted);
    }

    internal static string FormatTimestamp(DateTime time) =>
        time.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static DateTime ParseTimestamp(string text) =>
        DateTime.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}

public static class EventColumns
{
    /// <summary>All columns in declaration order: the stable column set of the table and of every export.</summary>
    public static IReadOnlyList<EventColumn> All { get; } = typeof(EventRow)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .OrderBy(property => property.MetadataToken)
        .Select(property => new EventColumn(property))
        .ToArray();

    /// <summary>Columns written on insert: all but the database-assigned id.</summary>
    internal static IReadOnlyList<EventColumn> Inserted { get; } = All.Where(column => column.Name != "id").ToArray();
}
