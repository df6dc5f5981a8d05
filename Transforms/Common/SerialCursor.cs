using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>
/// A cursor for one pass over a small view, on the calling thread. ML.NET's transforms answer <c>GetRowCursor</c> with
/// a consolidating cursor: at least two threads, on any machine, read the rows and hand them back in batches, and a
/// view that cannot split itself gets one more thread to split it. On a few thousand rows the hand-overs cost more
/// than the work, and each one spins and yields the core, which on a busy machine goes to another process
/// (docs/benchmarks.md, "Threads"). A cursor set of one asks every transform of the chain for a plain cursor instead. Large
/// views keep ML.NET's parallel cursors, which pay off there.
/// </summary>
internal static class SerialCursor
{
    /// <summary>Rows from which a pass runs on ML.NET's parallel cursors.</summary>
    public const long ParallelRowThreshold = 100_000;

    /// <summary>A cursor over <paramref name="columns"/> of <paramref name="data"/>, rows in order (or shuffled by <paramref name="rand"/>).</summary>
    public static DataViewRowCursor Open(IDataView data, IEnumerable<DataViewSchema.Column> columns, Random? rand = null)
    {
        if (data.GetRowCount() is not long rows || rows >= ParallelRowThreshold) return data.GetRowCursor(columns, rand);
        var set = data.GetRowCursorSet(columns, 1, rand);
        if (set.Length == 1) return set[0];
        // A view may answer with more cursors than asked for: read it as usual.
        foreach (var cursor in set) cursor.Dispose();
        return data.GetRowCursor(columns, rand);
    }
}
