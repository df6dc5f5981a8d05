using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Data;

/// <summary>
/// An immutable in-memory <see cref="IDataView"/> over typed column arrays (Int64, Double, Boolean, Text). Getters index
/// the arrays directly, which makes every pass of a pipeline over a loaded CSV several times cheaper than reading it
/// through <see cref="Microsoft.Data.Analysis.DataFrame"/>'s IDataView (see docs/decisions.md, D5).
/// </summary>
public sealed class ColumnarDataView : IDataView
{
    private readonly Array[] _columns;
    private readonly int _rows;

    internal ColumnarDataView(IReadOnlyList<string> names, IReadOnlyList<Array> columns, int rows)
    {
        _columns = columns.ToArray();
        _rows = rows;
        var builder = new DataViewSchema.Builder();
        for (int c = 0; c < names.Count; c++)
        {
            DataViewType type = _columns[c] switch
            {
                long[] => NumberDataViewType.Int64,
                double[] => NumberDataViewType.Double,
                bool[] => BooleanDataViewType.Instance,
                string?[] => TextDataViewType.Instance,
                _ => throw new ArgumentException($"Unsupported column array {_columns[c].GetType()}."),
            };
            builder.AddColumn(names[c], type);
        }
        Schema = builder.ToSchema();
    }

    /// <inheritdoc/>
    public bool CanShuffle => true;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _rows;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        int[]? order = null;
        if (rand is not null)
        {
            order = Enumerable.Range(0, _rows).ToArray();
            rand.Shuffle(order);
        }
        return new Cursor(this, order);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ColumnarDataView view, int[]? order) : DataViewRowCursor
    {
        private long _position = -1;
        private int _row = -1;

        public override DataViewSchema Schema => view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._rows) { _position = view._rows; _row = -1; return false; }
            _position++;
            _row = order is null ? (int)_position : order[_position];
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = view._columns[column.Index] switch
            {
                long[] a => (ValueGetter<long>)((ref long v) => v = a[_row]),
                double[] a => (ValueGetter<double>)((ref double v) => v = a[_row]),
                bool[] a => (ValueGetter<bool>)((ref bool v) => v = a[_row]),
                // ML.NET has no null text: missing text reads as empty, as it does from a DataFrame.
                string?[] a => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = a[_row].AsMemory()),
                _ => throw new InvalidOperationException(),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }
    }
}
