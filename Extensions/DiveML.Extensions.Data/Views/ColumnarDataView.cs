using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Data;

/// <summary>
/// An immutable in-memory <see cref="IDataView"/> over typed column arrays (Int64, Double, Boolean, Text). Getters index
/// the arrays directly, which makes every pass of a pipeline over a loaded CSV several times cheaper than reading it
/// through <see cref="Microsoft.Data.Analysis.DataFrame"/>'s IDataView (see docs/decisions.md, D5).
/// </summary>
public sealed class ColumnarDataView : InMemoryDataView, DiveML.Transforms.IColumnarData
{
    private readonly Array[] _columns;

    internal ColumnarDataView(IReadOnlyList<string> names, IReadOnlyList<Array> columns, int rows)
        : base(BuildSchema(names, columns), rows)
    {
        _columns = columns.ToArray();
    }

    private static DataViewSchema BuildSchema(IReadOnlyList<string> names, IReadOnlyList<Array> columns)
    {
        var builder = new DataViewSchema.Builder();
        for (int c = 0; c < names.Count; c++)
        {
            DataViewType type = columns[c] switch
            {
                long[] => NumberDataViewType.Int64,
                double[] => NumberDataViewType.Double,
                bool[] => BooleanDataViewType.Instance,
                string?[] => TextDataViewType.Instance,
                _ => throw new ArgumentException($"Unsupported column array {columns[c].GetType()}."),
            };
            builder.AddColumn(names[c], type);
        }
        return builder.ToSchema();
    }

    /// <inheritdoc/>
    public bool TryGetDoubleColumn(string column, out ReadOnlyMemory<double> values)
    {
        var index = Schema.GetColumnOrNull(column)?.Index;
        if (index is int i && _columns[i] is double[] doubles)
        {
            values = doubles;
            return true;
        }
        values = default;
        return false;
    }

    private protected override DataViewRowCursor CreateCursor(int[]? order, int index, int count) => new Cursor(this, order, index, count);

    private sealed class Cursor(ColumnarDataView view, int[]? order, int index, int count) : IndexedRowCursor(view.Schema, view.RowCount, order, index, count)
    {
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = view._columns[column.Index] switch
            {
                long[] a => (ValueGetter<long>)((ref long v) => v = a[Row]),
                double[] a => (ValueGetter<double>)((ref double v) => v = a[Row]),
                bool[] a => (ValueGetter<bool>)((ref bool v) => v = a[Row]),
                // ML.NET has no null text: missing text reads as empty, as it does from a DataFrame.
                string?[] a => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = a[Row].AsMemory()),
                _ => throw new InvalidOperationException(),
            };
            return getter as ValueGetter<TValue> ?? throw TypeMismatch<TValue>(column);
        }
    }
}
