using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary>
/// Base of DiveML's immutable in-memory views: a fixed schema over a fixed number of rows, shuffled cursors, and
/// cursor sets that split the rows into blocks so ML.NET can run a pipeline on every core (decisions D15). Subclasses
/// only say how a cursor reads a row.
/// </summary>
public abstract class InMemoryDataView : IDataView
{
    private protected InMemoryDataView(DataViewSchema schema, int rowCount)
    {
        Schema = schema;
        RowCount = rowCount;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <inheritdoc/>
    public bool CanShuffle => true;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => RowCount;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => CreateCursor(IndexedRowCursor.Order(RowCount, rand), 0, 1);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var order = IndexedRowCursor.Order(RowCount, rand);
        int count = IndexedRowCursor.SetSize(RowCount, n);
        return Enumerable.Range(0, count).Select(i => CreateCursor(order, i, count)).ToArray();
    }

    /// <summary>Cursor <paramref name="index"/> of a set of <paramref name="count"/> over the rows in <paramref name="order"/> (null: row order).</summary>
    private protected abstract DataViewRowCursor CreateCursor(int[]? order, int index, int count);
}
