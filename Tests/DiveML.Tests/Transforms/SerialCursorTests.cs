using System.Collections.Concurrent;
using DiveML.Extensions.Data;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Transforms;

public class SerialCursorTests
{
    /// <summary>A view that records the threads its cursors move on.</summary>
    private sealed class RecordingView(IDataView inner) : IDataView
    {
        public ConcurrentDictionary<int, bool> Threads { get; } = new();

        public bool CanShuffle => inner.CanShuffle;
        public DataViewSchema Schema => inner.Schema;
        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            => new Cursor(inner.GetRowCursor(columnsNeeded, rand), Threads);

        // One cursor however many are asked for, as a view that cannot split itself answers.
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor(DataViewRowCursor inner, ConcurrentDictionary<int, bool> threads) : DataViewRowCursor
        {
            public override DataViewSchema Schema => inner.Schema;
            public override long Position => inner.Position;
            public override long Batch => inner.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);
            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

            public override bool MoveNext()
            {
                threads[Environment.CurrentManagedThreadId] = true;
                return inner.MoveNext();
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    private static (RecordingView Source, IDataView Transformed) Data(int rows)
    {
        var ml = new MLContext(0);
        // An in-memory view, which knows its row count.
        var values = Enumerable.Range(0, rows).Select(i => (float)i).ToArray();
        var source = new RecordingView(DenseDataView.ForRegression(values, 1, values, labelName: "A"));
        // A transform that adds a column: ML.NET reads its input on more threads than the caller's.
        var transformed = ml.Transforms.CopyColumns("B", "A").Fit(source).Transform(source);
        return (source, transformed);
    }

    private static float[] ReadB(DataViewRowCursor cursor)
    {
        var get = cursor.GetGetter<float>(cursor.Schema["B"]);
        var values = new List<float>();
        float value = 0;
        while (cursor.MoveNext())
        {
            get(ref value);
            values.Add(value);
        }
        return values.ToArray();
    }

    [Fact]
    public void A_small_transformed_view_is_read_on_the_calling_thread_in_row_order()
    {
        // The premise: ML.NET's own cursor hands the rows over from other threads.
        var (premise, parallelView) = Data(5_000);
        using (var parallel = parallelView.GetRowCursor([parallelView.Schema["B"]]))
            Assert.Equal(Enumerable.Range(0, 5_000).Select(i => (float)i), ReadB(parallel));
        Assert.Contains(premise.Threads.Keys, id => id != Environment.CurrentManagedThreadId);

        var (source, view) = Data(5_000);
        using (var serial = SerialCursor.Open(view, [view.Schema["B"]]))
            Assert.Equal(Enumerable.Range(0, 5_000).Select(i => (float)i), ReadB(serial));
        Assert.Equal([Environment.CurrentManagedThreadId], source.Threads.Keys);
    }

    [Fact]
    public void A_large_view_keeps_the_parallel_cursors_and_the_row_order()
    {
        int rows = (int)SerialCursor.ParallelRowThreshold;
        var (source, view) = Data(rows);
        using (var cursor = SerialCursor.Open(view, [view.Schema["B"]]))
            Assert.Equal(Enumerable.Range(0, rows).Select(i => (float)i), ReadB(cursor));
        Assert.Contains(source.Threads.Keys, id => id != Environment.CurrentManagedThreadId);
    }
}
