using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PlainMlNetApp;

/// <summary>
/// Writes columns of a view as exact text, one TSV line per row: floats in round-trip form (so equal text means equal
/// bits, NaN payloads aside), vectors space-separated, keys as their key value (of whatever type the key values have)
/// or their number when they have none. The first line names the columns, the second gives their types.
/// </summary>
public static class PredictionText
{
    private const string KeyValuesKind = "KeyValues"; // the annotation ML.NET gives a key column's values

    public static void Write(IDataView view, IReadOnlyList<string> columns, TextWriter output)
    {
        var schemaColumns = columns.Select(c => view.Schema.GetColumnOrNull(c)
            ?? throw new ArgumentException($"The model's output has no column '{c}'. Its columns are: {string.Join(", ", view.Schema.Where(x => !x.IsHidden).Select(x => x.Name))}.")).ToArray();
        output.WriteLine(string.Join('\t', columns));
        output.WriteLine(string.Join('\t', schemaColumns.Select(TypeText)));
        using var cursor = view.GetRowCursor(schemaColumns);
        var readers = schemaColumns.Select(c => Reader(cursor, c)).ToArray();
        while (cursor.MoveNext())
            output.WriteLine(string.Join('\t', readers.Select(r => r())));
    }

    /// <summary>The column's type; for a key the type of its key values; for a vector with slot names, the names.</summary>
    public static string TypeText(DataViewSchema.Column column)
    {
        var keyValues = column.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        string text = keyValues is null ? $"{column.Type}" : $"{column.Type} with key values {keyValues.Value.Type}";
        if (column.Annotations.Schema.GetColumnOrNull("SlotNames") is not null)
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.Annotations.GetValue("SlotNames", ref names);
            text += " with slot names " + string.Join('|', names.DenseValues());
        }
        return text;
    }

    private static Func<string> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is KeyDataViewType)
        {
            var getter = cursor.GetGetter<uint>(column);
            var names = KeyValueNames(column);
            uint key = 0;
            return () =>
            {
                getter(ref key);
                return names is null ? key.ToString(CultureInfo.InvariantCulture) : key == 0 ? "(missing)" : names[(int)key - 1];
            };
        }
        if (column.Type is VectorDataViewType vector)
            return (Func<string>)typeof(PredictionText).GetMethod(nameof(VectorReader), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(vector.ItemType.RawType).Invoke(null, [cursor, column])!;
        return (Func<string>)typeof(PredictionText).GetMethod(nameof(ScalarReader), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType).Invoke(null, [cursor, column])!;
    }

    private static Func<string> ScalarReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => { getter(ref value); return Format(value); };
    }

    private static Func<string> VectorReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return () => { getter(ref value); return string.Join(' ', value.DenseValues().Select(v => Format(v))); };
    }

    private static string[]? KeyValueNames(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (annotation is not { Type: VectorDataViewType keyValuesType }) return null;
        return (string[])typeof(PredictionText).GetMethod(nameof(KeyValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(keyValuesType.ItemType.RawType).Invoke(null, [column])!;
    }

    private static string[] KeyValues<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(KeyValuesKind, ref values);
        return values.DenseValues().Select(v => Format(v)).ToArray();
    }

    public static string Format<T>(T value) => value switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        ReadOnlyMemory<char> text => text.ToString(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
