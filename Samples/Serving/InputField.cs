using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Serving;

/// <summary>
/// One column of the model's input schema as a JSON field: reads and checks a value into the column's exact ML.NET type.
/// Numbers must be finite (after narrowing to Single for Single columns); null means "missing" where ML.NET has a
/// missing value (NaN for Single/Double, the empty string for text) and is refused where it has none (Boolean,
/// integers). A vector column is a JSON array of its length.
/// </summary>
public sealed class InputField
{
    private readonly Func<JsonElement, string, object> _read;

    private InputField(DataViewSchema.Column column, bool required, string expected, Func<JsonElement, string, object> read, object missing)
    {
        Name = column.Name;
        Index = column.Index;
        Type = column.Type;
        Required = required;
        Expected = expected;
        _read = read;
        Missing = missing;
    }

    /// <summary>The field (column) name.</summary>
    public string Name { get; }

    /// <summary>The column's position in the model's input schema.</summary>
    public int Index { get; }

    /// <summary>The column's ML.NET type.</summary>
    public DataViewType Type { get; }

    /// <summary>Whether the model reads the column; a field that is not required (a label, an id) may be left out.</summary>
    public bool Required { get; }

    /// <summary>What the JSON value must be, in words.</summary>
    public string Expected { get; }

    /// <summary>The value used when an optional field is left out.</summary>
    public object Missing { get; }

    /// <summary>Reads <paramref name="value"/> as this column's type.</summary>
    /// <exception cref="InputError">The value does not fit the column.</exception>
    public object Read(JsonElement value) => _read(value, Name);

    /// <summary>The field for <paramref name="column"/>, or null when its type cannot come from JSON.</summary>
    public static InputField? For(DataViewSchema.Column column, bool required)
    {
        if (column.Type is VectorDataViewType vector)
        {
            var item = Scalar(vector.ItemType);
            if (item is null) return null;
            var method = typeof(InputField).GetMethod(nameof(VectorField), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(vector.ItemType.RawType);
            return (InputField)method.Invoke(null, [column, vector, required, item.Value.Expected, item.Value.Read, item.Value.Missing])!;
        }
        var scalar = Scalar(column.Type);
        return scalar is null ? null : new InputField(column, required, scalar.Value.Expected, scalar.Value.Read, scalar.Value.Missing);
    }

    private static InputField VectorField<T>(DataViewSchema.Column column, VectorDataViewType type, bool required, string itemExpected,
        Func<JsonElement, string, object> readItem, object missingItem)
    {
        int size = type.Size; // 0: any length
        string expected = size > 0 ? $"an array of {size} values, each {itemExpected}" : $"an array of values, each {itemExpected}";
        object Read(JsonElement value, string field)
        {
            if (value.ValueKind != JsonValueKind.Array) throw new InputError($"Field '{field}' must be {expected}; got {Describe(value)}.", field);
            int length = value.GetArrayLength();
            if (size > 0 && length != size) throw new InputError($"Field '{field}' must have {size} values; got {length}.", field);
            var items = new T[length];
            int i = 0;
            foreach (var element in value.EnumerateArray())
            {
                items[i] = (T)readItem(element, $"{field}[{i}]");
                i++;
            }
            return new VBuffer<T>(length, items);
        }
        var missing = Enumerable.Repeat((T)missingItem, size).ToArray();
        return new InputField(column, required, expected, Read, new VBuffer<T>(size, missing));
    }

    private static (string Expected, Func<JsonElement, string, object> Read, object Missing)? Scalar(DataViewType type) => type switch
    {
        TextDataViewType => ("a string (null or \"\" = missing)", (v, f) => v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!.AsMemory(),
            JsonValueKind.Null => ReadOnlyMemory<char>.Empty,
            _ => throw WrongType(f, "a string", v),
        }, ReadOnlyMemory<char>.Empty),
        BooleanDataViewType => ("true or false", (v, f) => v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(f, "true or false", v),
        }, false),
        _ when type == NumberDataViewType.Single => ("a finite number (null = missing)", (v, f) => v.ValueKind == JsonValueKind.Null ? float.NaN : Finite((float)Number(v, f), v, f), float.NaN),
        _ when type == NumberDataViewType.Double => ("a finite number (null = missing)", (v, f) => v.ValueKind == JsonValueKind.Null ? double.NaN : Finite(Number(v, f), v, f), double.NaN),
        _ when type == NumberDataViewType.Int64 => ("an integer", (v, f) => Integer(v, f, long.MinValue, long.MaxValue), 0L),
        _ when type == NumberDataViewType.Int32 => ("an integer", (v, f) => (int)Integer(v, f, int.MinValue, int.MaxValue), 0),
        _ when type == NumberDataViewType.Int16 => ("an integer", (v, f) => (short)Integer(v, f, short.MinValue, short.MaxValue), (short)0),
        _ when type == NumberDataViewType.SByte => ("an integer", (v, f) => (sbyte)Integer(v, f, sbyte.MinValue, sbyte.MaxValue), (sbyte)0),
        _ when type == NumberDataViewType.UInt32 => ("a non-negative integer", (v, f) => (uint)Integer(v, f, 0, uint.MaxValue), 0u),
        _ when type == NumberDataViewType.UInt16 => ("a non-negative integer", (v, f) => (ushort)Integer(v, f, 0, ushort.MaxValue), (ushort)0),
        _ when type == NumberDataViewType.Byte => ("a non-negative integer", (v, f) => (byte)Integer(v, f, 0, byte.MaxValue), (byte)0),
        // A key (e.g. a label that went through MapValueToKey): its number, 1..count, 0 = missing.
        KeyDataViewType { Count: > 0 and <= uint.MaxValue } key when key.RawType == typeof(uint)
            => ($"a key number from 0 (missing) to {key.Count}", (v, f) => (uint)Integer(v, f, 0, (long)key.Count), 0u),
        _ => null,
    };

    private static double Number(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number) throw WrongType(field, "a finite number", value);
        // TryGetDouble refuses numbers beyond Double's range (they would be infinite).
        if (!value.TryGetDouble(out double number)) throw new InputError($"Field '{field}' is {value.GetRawText()}, which is not a finite number.", field);
        return number;
    }

    private static float Finite(float number, JsonElement value, string field)
        => float.IsFinite(number) ? number : throw new InputError($"Field '{field}' is {value.GetRawText()}, which is not a finite Single (beyond ±3.4e38).", field);

    private static double Finite(double number, JsonElement value, string field)
        => double.IsFinite(number) ? number : throw new InputError($"Field '{field}' is {value.GetRawText()}, which is not a finite number.", field);

    private static long Integer(JsonElement value, string field, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number) throw WrongType(field, "an integer", value);
        if (!value.TryGetInt64(out long number) || number < min || number > max)
            throw new InputError($"Field '{field}' is {value.GetRawText()}; it must be an integer from {min} to {max}.", field);
        return number;
    }

    private static InputError WrongType(string field, string expected, JsonElement value)
        => new($"Field '{field}' must be {expected}; got {Describe(value)}.", field);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
