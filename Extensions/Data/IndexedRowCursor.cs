using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Data;

/// <summary>
/// Cursor over an in-memory table of <c>rowCount</c> rows, in order or in a random permutation; subclasses only
/// provide getters that read row <see cref="Row"/>.
/// </summary>
internal abstract class IndexedRowCursor : DataViewRowCursor
{
    private readonly DataViewSchema _schema;
    private readonly int _rowCount;
    private readonly int[]? _order;
    private long _position = -1;

    protected IndexedRowCursor(DataViewSchema schema, int rowCount, Random? rand)
    {
        _schema = schema;
        _rowCount = rowCount;
        if (rand is not null)
        {
            _order = Enumerable.Range(0, rowCount).ToArray();
            rand.Shuffle(_order);
        }
    }

    /// <summary>The table row the cursor is on (−1 before the first MoveNext and after the last).</summary>
    protected int Row { get; private set; } = -1;

    public override DataViewSchema Schema => _schema;
    public override long Position => _position;
    public override long Batch => 0;

    public override bool MoveNext()
    {
        if (_position + 1 >= _rowCount) { _position = _rowCount; Row = -1; return false; }
        _position++;
        Row = _order is null ? (int)_position : _order[_position];
        return true;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<DataViewRowId> GetIdGetter()
        => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Row, 0);

    protected static InvalidOperationException TypeMismatch<TValue>(DataViewSchema.Column column)
        => new($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
}
