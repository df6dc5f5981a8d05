using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Data;

/// <summary>
/// Cursor over an in-memory table of <c>rowCount</c> rows, in order or in a random permutation; subclasses only
/// provide getters that read row <see cref="Row"/>. One of a set of <c>count</c> cursors reads every
/// <c>count</c>-th block of <see cref="BlockSize"/> positions, with the block number as <see cref="Batch"/>, so ML.NET
/// can run a pipeline on several threads and consolidate the rows back into order.
/// </summary>
internal abstract class IndexedRowCursor : DataViewRowCursor
{
    /// <summary>Rows per batch of a cursor set.</summary>
    public const int BlockSize = 256;

    private readonly DataViewSchema _schema;
    private readonly int _rowCount;
    private readonly int[]? _order;
    private readonly int _index;
    private readonly int _count;
    private long _position = -1;

    protected IndexedRowCursor(DataViewSchema schema, int rowCount, int[]? order, int index = 0, int count = 1)
    {
        _schema = schema;
        _rowCount = rowCount;
        _order = order;
        _index = index;
        _count = count;
    }

    /// <summary>A random permutation of the rows for shuffled cursors, or null for row order.</summary>
    public static int[]? Order(int rowCount, Random? rand)
    {
        if (rand is null) return null;
        var order = Enumerable.Range(0, rowCount).ToArray();
        rand.Shuffle(order);
        return order;
    }

    /// <summary>How many cursors a set over <paramref name="rowCount"/> rows should have for <paramref name="n"/> requested.</summary>
    public static int SetSize(int rowCount, int n) => Math.Clamp(Math.Min(n, rowCount / (BlockSize * 4)), 1, Environment.ProcessorCount);

    /// <summary>The table row the cursor is on (−1 before the first MoveNext and after the last).</summary>
    protected int Row { get; private set; } = -1;

    public override DataViewSchema Schema => _schema;
    public override long Position => _position;
    public override long Batch => _count == 1 ? 0 : _position / BlockSize;

    public override bool MoveNext()
    {
        long next = _position + 1;
        if (_count > 1 && next / BlockSize % _count != _index)
        {
            // Jump to the start of this cursor's next block.
            long block = next / BlockSize;
            block += (_index - block % _count + _count) % _count;
            next = block * BlockSize;
        }
        if (next >= _rowCount) { _position = _rowCount; Row = -1; return false; }
        _position = next;
        Row = _order is null ? (int)_position : _order[_position];
        return true;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<DataViewRowId> GetIdGetter()
        => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Row, 0);

    protected static InvalidOperationException TypeMismatch<TValue>(DataViewSchema.Column column)
        => new($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
}
