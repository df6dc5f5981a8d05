using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>Mean and sample standard deviation (ddof = 1) of numeric columns, NaN skipped, in one pass.</summary>
internal static class ColumnStatistics
{
    public static Dictionary<string, (double Mean, double Std)> Compute(IDataView input, string[] columns)
    {
        var result = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        if (columns.Length == 0) return result;
        var schemaColumns = columns.Select(c => input.Schema[c]).ToArray();
        var values = columns.Select(_ => new List<double>()).ToArray();
        using (var cursor = input.GetRowCursor(schemaColumns))
        {
            var getters = schemaColumns.Select(c => Reader(cursor, c)).ToArray();
            while (cursor.MoveNext())
                for (int i = 0; i < getters.Length; i++)
                {
                    double v = getters[i]();
                    if (!double.IsNaN(v)) values[i].Add(v);
                }
        }
        for (int i = 0; i < columns.Length; i++)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values[i]);
            int n = span.Length;
            double mean = n == 0 ? double.NaN : NumpySum.Sum(span) / n;
            double sq = 0;
            // Two-pass variance, as numpy: squared deviations from the mean (no cancellation for large offsets).
            var deviations = new double[n];
            for (int j = 0; j < n; j++) { double d = span[j] - mean; deviations[j] = d * d; }
            sq = NumpySum.Sum(deviations);
            double std = n < 2 ? double.NaN : Math.Sqrt(sq / (n - 1));
            result[columns[i]] = (mean, std);
        }
        return result;
    }

    private static Func<double> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Double)
        {
            var get = cursor.GetGetter<double>(column);
            double v = 0;
            return () => { get(ref v); return v; };
        }
        var single = cursor.GetGetter<float>(column);
        float f = 0;
        return () => { single(ref f); return f; };
    }
}
