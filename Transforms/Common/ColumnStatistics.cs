using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// Reads scalar Single/Double columns into double arrays in one pass (NaN kept), and the pandas statistics over them:
/// numpy's summation order, NaN skipped.
/// </summary>
internal static class ColumnStatistics
{
    /// <summary>Every value of each column, in row order (Single widened to double).</summary>
    /// <remarks>
    /// One cursor: numpy's summation order needs the rows in order, and a parallel cursor set does not promise a
    /// usable row position (measured: split cursors over a transformed view gave wrong means).
    /// </remarks>
    public static double[][] Read(IDataView input, string[] columns)
    {
        if (columns.Length == 0) return [];
        if (input is IColumnarData columnar)
        {
            var direct = new double[columns.Length][];
            for (int i = 0; i < columns.Length; i++)
            {
                if (!columnar.TryGetDoubleColumn(columns[i], out var memory)) { direct = null; break; }
                direct[i] = memory.ToArray();
            }
            if (direct is not null) return direct;
        }
        var schemaColumns = columns.Select(c => input.Schema[c]).ToArray();
        int capacity = (int)Math.Min(input.GetRowCount() ?? 1024, int.MaxValue / 2);
        var values = columns.Select(_ => new double[Math.Max(capacity, 16)]).ToArray();
        int rows = 0;
        using (var cursor = SerialCursor.Open(input, schemaColumns))
        {
            var readers = schemaColumns.Select(c => ValueReader.For(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                if (rows == values[0].Length)
                    for (int i = 0; i < values.Length; i++) Array.Resize(ref values[i], rows * 2);
                for (int i = 0; i < readers.Length; i++) values[i][rows] = readers[i].Read();
                rows++;
            }
        }
        for (int i = 0; i < values.Length; i++) Array.Resize(ref values[i], rows);
        return values;
    }

    /// <summary>pandas' <c>mean()</c>: numpy's sum with NaN as 0, divided by the non-NaN count (NaN when there is none).</summary>
    public static (double Mean, long Count) Mean(double[] values)
    {
        var filled = new double[values.Length];
        long count = 0;
        for (int r = 0; r < values.Length; r++)
        {
            if (double.IsNaN(values[r])) continue;
            filled[r] = values[r];
            count++;
        }
        return (count == 0 ? double.NaN : NumpySum.Sum(filled) / count, count);
    }

    /// <summary>pandas' <c>mean()</c> and <c>std()</c> (ddof = 1, two-pass as numpy), NaN skipped.</summary>
    public static (double Mean, double Std) MeanAndStd(double[] values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        int n = present.Length;
        double mean = n == 0 ? double.NaN : NumpySum.Sum(present) / n;
        var squares = new double[n];
        for (int j = 0; j < n; j++) { double d = present[j] - mean; squares[j] = d * d; }
        double std = n < 2 ? double.NaN : Math.Sqrt(NumpySum.Sum(squares) / (n - 1));
        return (mean, std);
    }

    /// <summary>Reads a Single or Double column as double without a closure per value.</summary>
    private sealed class ValueReader
    {
        private readonly ValueGetter<double>? _double;
        private readonly ValueGetter<float>? _single;
        private double _d;
        private float _f;

        private ValueReader(ValueGetter<double>? d, ValueGetter<float>? f) { _double = d; _single = f; }

        public static ValueReader For(DataViewRowCursor cursor, DataViewSchema.Column column)
            => column.Type == NumberDataViewType.Double
                ? new ValueReader(cursor.GetGetter<double>(column), null)
                : new ValueReader(null, cursor.GetGetter<float>(column));

        public double Read()
        {
            if (_double is not null) { _double(ref _d); return _d; }
            _single!(ref _f);
            return _f;
        }
    }
}
