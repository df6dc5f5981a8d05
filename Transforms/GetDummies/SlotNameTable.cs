using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// A small view with one text column per encoded column, listing its slot names in slot order: the data GetDummies'
/// one multi-column <c>MapValueToKey</c> is fitted on. ML.NET's per-column key data is internal, and one transform per
/// column makes every later schema step cost as much as the table is wide (D28). Shorter columns are padded by
/// repeating their last name, which <c>KeyOrdinality.ByOccurrence</c> does not count again; the padding is read, not
/// stored, so one column of many levels beside many of few costs no more memory than its own names.
/// </summary>
internal sealed class SlotNameTable : IDataView
{
    private readonly IReadOnlyList<string>[] _columns;
    private readonly int _rows;

    /// <param name="columns">Per column its name and its slot names (at least one each), in the order of the view's columns.</param>
    public SlotNameTable(IReadOnlyList<(string Name, IReadOnlyList<string> SlotNames)> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var (name, _) in columns) builder.AddColumn(name, TextDataViewType.Instance);
        Schema = builder.ToSchema();
        _rows = columns.Count == 0 ? 0 : columns.Max(c => c.SlotNames.Count);
        _columns = columns.Select(c => c.SlotNames).ToArray();
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _rows;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(SlotNameTable table) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => table.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position >= table._rows) return false;
            return ++_position < table._rows;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (typeof(TValue) != typeof(ReadOnlyMemory<char>))
                throw new InvalidOperationException($"Column '{column.Name}' is text; it cannot be read as {typeof(TValue).Name}.");
            var values = table._columns[column.Index];
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = values[(int)Math.Min(_position, values.Count - 1)].AsMemory();
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}
