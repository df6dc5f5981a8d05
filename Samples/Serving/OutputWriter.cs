using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Serving;

/// <summary>
/// Writes one output column of the current row as a JSON value: numbers as numbers (NaN and ±Infinity as null, JSON has
/// none), vectors as arrays, text as strings, and a key (PredictedLabel) as its key value — the class itself, with the
/// type the label had (a string, a number, a boolean) — or its number when the key has no values.
/// </summary>
internal static class OutputWriter
{
    public static Action<Utf8JsonWriter> For(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is KeyDataViewType)
        {
            var getter = row.GetGetter<uint>(column);
            var values = KeyValues(column);
            uint key = 0;
            return writer =>
            {
                getter(ref key);
                if (values is null) writer.WriteNumberValue(key);
                else if (key == 0 || key > values.Length) writer.WriteNullValue();
                else WriteValue(writer, values[key - 1]);
            };
        }
        var vector = column.Type as VectorDataViewType;
        var itemType = vector?.ItemType ?? column.Type;
        var method = typeof(OutputWriter).GetMethod(vector is null ? nameof(Scalar) : nameof(Vector), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(itemType.RawType);
        return (Action<Utf8JsonWriter>)method.Invoke(null, [row, column])!;
    }

    private static Action<Utf8JsonWriter> Scalar<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return writer =>
        {
            getter(ref value);
            WriteValue(writer, value);
        };
    }

    private static Action<Utf8JsonWriter> Vector<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return writer =>
        {
            getter(ref value);
            writer.WriteStartArray();
            foreach (var item in value.DenseValues()) WriteValue(writer, item);
            writer.WriteEndArray();
        };
    }

    private static object[]? KeyValues(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (annotation is not { Type: VectorDataViewType type }) return null;
        var method = typeof(OutputWriter).GetMethod(nameof(ReadKeyValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type.ItemType.RawType);
        return (object[])method.Invoke(null, [column])!;
    }

    private static object[] ReadKeyValues<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue("KeyValues", ref values);
        return values.DenseValues().Select(v => (object)v!).ToArray();
    }

    private static void WriteValue<T>(Utf8JsonWriter writer, T value)
    {
        switch (value)
        {
            case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case float or double: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case ReadOnlyMemory<char> text: writer.WriteStringValue(text.Span); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case uint u: writer.WriteNumberValue(u); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case short s: writer.WriteNumberValue(s); break;
            case ushort us: writer.WriteNumberValue(us); break;
            case byte by: writer.WriteNumberValue(by); break;
            case sbyte sb: writer.WriteNumberValue(sb); break;
            default: writer.WriteStringValue(value?.ToString()); break;
        }
    }
}
