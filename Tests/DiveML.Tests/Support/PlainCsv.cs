using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Support;

/// <summary>
/// Writes a view as the CSV that <c>Tests/PlainMlNetApp</c> reads with ML.NET's TextLoader: a scalar column under its
/// name, a vector column as <c>Name.0</c> … <c>Name.{n-1}</c>; numbers in round-trip form (NaN as <c>NaN</c>), text always
/// quoted, booleans True/False. Key columns (labels) are left out.
/// </summary>
public static class PlainCsv
{
    public static void Write(IDataView view, string path)
    {
        var columns = view.Schema.Where(c => !c.IsHidden && (c.Type is VectorDataViewType v ? v.ItemType : c.Type) is not KeyDataViewType).ToArray();
        var header = columns.SelectMany(c => c.Type is VectorDataViewType { Size: var n } ? Enumerable.Range(0, n).Select(k => $"{c.Name}.{k}") : [c.Name]);
        var text = new StringBuilder().AppendLine(string.Join(',', header));
        using (var cursor = view.GetRowCursor(columns))
        {
            var readers = columns.Select(c => Reader(cursor, c)).ToArray();
            while (cursor.MoveNext()) text.AppendLine(string.Join(',', readers.Select(r => r())));
        }
        File.WriteAllText(path, text.ToString());
    }

    private static Func<string> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var itemType = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
        var method = typeof(PlainCsv).GetMethod(column.Type is VectorDataViewType ? nameof(VectorReader) : nameof(ScalarReader),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return (Func<string>)method.MakeGenericMethod(itemType.RawType).Invoke(null, [cursor, column])!;
    }

    private static Func<string> ScalarReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => { getter(ref value); return Cell(value); };
    }

    private static Func<string> VectorReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return () => { getter(ref value); return string.Join(',', value.DenseValues().Select(v => Cell(v))); };
    }

    private static string Cell<T>(T value) => value switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        ReadOnlyMemory<char> t => "\"" + t.ToString().Replace("\"", "\"\"") + "\"",
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException(typeof(T).Name),
    };
}
