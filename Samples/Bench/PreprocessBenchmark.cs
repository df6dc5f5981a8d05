using System.Diagnostics;
using DiveML.Extensions.Data;
using DiveML.Extensions.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Samples.Bench;

/// <summary>
/// The preprocessing benchmark of the transforms issue: load a 1,000,000-row CSV (20 float columns with NaN, 10 text
/// columns), FillNaMean + GetDummies(dummy_na), and materialise every output row, end to end, with peak memory.
/// </summary>
public static class PreprocessBenchmark
{
    public sealed record Result(double LoadSeconds, double FitSeconds, double MaterialiseSeconds, double TotalSeconds, long PeakRssBytes, long Rows, int OutputWidth, double DummySum, long NaNLeft);

    public static Result RunOnce(string csv)
    {
        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        var ml = new MLContext(0);
        IDataView data = CsvDataFrameLoader.LoadTable(csv).ToDataView();
        double load = sw.Elapsed.TotalSeconds;

        sw.Restart();
        var plan = PandasPreprocessing.Plan(data.Schema);
        var model = plan.CreateEstimator(ml).Fit(data);
        double fit = sw.Elapsed.TotalSeconds;

        sw.Restart();
        var output = model.Transform(data);
        var (rows, width, dummySum, nanLeft) = Materialise(output, plan);
        double materialise = sw.Elapsed.TotalSeconds;
        return new Result(load, fit, materialise, total.Elapsed.TotalSeconds, BenchClock.PeakRssBytes(), rows, width, dummySum, nanLeft);
    }

    /// <summary>
    /// Reads every cell of every output row (the lazy pipeline does its work here), as ML.NET's own consumers do: with a
    /// parallel cursor set, one cursor per core.
    /// </summary>
    private static (long Rows, int Width, double DummySum, long NaNLeft) Materialise(IDataView output, PandasPreprocessing plan)
    {
        var numeric = plan.PassThrough.Select(c => output.Schema[c]).ToArray();
        var dummies = plan.Encoded.Select(c => output.Schema[c]).ToArray();
        int width = numeric.Length + dummies.Sum(c => ((VectorDataViewType)c.Type).Size);
        var cursors = output.GetRowCursorSet(numeric.Concat(dummies), Environment.ProcessorCount);
        var partial = new (long Rows, double Sum, long NaN)[cursors.Length];
        Parallel.For(0, cursors.Length, k =>
        {
            using var cursor = cursors[k];
            var numericGetters = numeric.Select(c => cursor.GetGetter<double>(c)).ToArray();
            var dummyGetters = dummies.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
            double value = 0, sum = 0;
            long rows = 0, nan = 0;
            VBuffer<float> vector = default;
            while (cursor.MoveNext())
            {
                foreach (var get in numericGetters) { get(ref value); if (double.IsNaN(value)) nan++; }
                foreach (var get in dummyGetters) { get(ref vector); foreach (var v in vector.GetValues()) sum += v; }
                rows++;
            }
            partial[k] = (rows, sum, nan);
        });
        return (partial.Sum(p => p.Rows), width, partial.Sum(p => p.Sum), partial.Sum(p => p.NaN));
    }
}
