using System.Globalization;

namespace CodeAssist.Server.Models;

/// <summary>GGUF metadata value type ids as stored on disk.</summary>
public enum GgufValueType : uint
{
    UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
}

/// <summary>
/// One metadata value. Scalars hold the matching CLR type (byte, sbyte, ushort, short, uint, int, float, bool, string,
/// ulong, long, double); arrays hold a <see cref="GgufArray"/>.
/// </summary>
public sealed record GgufMetadataValue(GgufValueType Type, object Value)
{
    public static GgufMetadataValue Of(string value) => new(GgufValueType.String, value);
    public static GgufMetadataValue Of(uint value) => new(GgufValueType.UInt32, value);
    public static GgufMetadataValue Of(int value) => new(GgufValueType.Int32, value);
    public static GgufMetadataValue Of(ushort value) => new(GgufValueType.UInt16, value);
    public static GgufMetadataValue Of(ulong value) => new(GgufValueType.UInt64, value);
    public static GgufMetadataValue Of(float value) => new(GgufValueType.Float32, value);
    public static GgufMetadataValue Of(bool value) => new(GgufValueType.Bool, value);
    public static GgufMetadataValue Of(IEnumerable<string> values) => Array(GgufValueType.String, values.Cast<object>());
    public static GgufMetadataValue Of(IEnumerable<float> values) => Array(GgufValueType.Float32, values.Cast<object>());
    public static GgufMetadataValue Of(IEnumerable<int> values) => Array(GgufValueType.Int32, values.Cast<object>());

    public static GgufMetadataValue Array(GgufValueType elementType, IEnumerable<object> items) =>
        new(GgufValueType.Array, new GgufArray(elementType, items.ToArray()));

    public bool IsInteger => Type is GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.UInt16 or GgufValueType.Int16
        or GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.UInt64 or GgufValueType.Int64;

    /// <summary>Any integer type widened to long; GGUF writers disagree on which integer width they use for a key.</summary>
    public long AsInteger() => IsInteger
        ? Convert.ToInt64(Value, CultureInfo.InvariantCulture)
        : throw new InvalidCastException($"metadata value of type {Type} is not an integer");

    public override string ToString() => Value switch
    {
        GgufArray array => $"[{array.ElementType} x {array.Items.Count}]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };
}

public sealed record GgufArray(GgufValueType ElementType, IReadOnlyList<object> Items);
