using DiveML.Transforms;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Transforms;

/// <summary>Invariants of FillNaMean + GetDummies on generated tables (FsCheck shrinks any counterexample).</summary>
public class PreprocessingPropertyTests
{
    private static readonly string[] Levels = ["", "a", "b", "B", "nan", "Zed", "é"];

    private sealed class Row
    {
        public double X { get; set; }
        public string C { get; set; } = "";
    }

    /// <summary>
    /// Finite values of moderate size, infinities read as missing: with ±Infinity (or sums that overflow both ways)
    /// pandas' mean itself is NaN, so "no NaN left" only holds for finite data (infinity is covered in FillNaMeanTests).
    /// </summary>
    private static double[] Finite(double[] values) => values.Select(v => double.IsFinite(v) ? v % 1e6 : double.NaN).ToArray();

    private static IDataView Table(MLContext ml, double[] numbers, byte[] codes)
    {
        int n = numbers.Length;
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new Row
        {
            X = numbers[i],
            C = codes.Length == 0 ? "" : Levels[codes[i % codes.Length] % Levels.Length],
        }).ToArray());
    }

    private static EstimatorChain<GetDummiesTransformer> Pipeline(MLContext ml)
        => ml.Transforms.FillNaMean("X").Append(ml.Transforms.GetDummies("C"));

    [Property(MaxTest = 60)]
    public Property Rows_are_kept_dummy_blocks_sum_to_one_and_NaN_goes_unless_all_NaN(NonEmptyArray<double> numbers, byte[] codes)
    {
        var ml = new MLContext(0);
        var values = Finite(numbers.Get);
        var data = Table(ml, values, codes);
        var output = Pipeline(ml).Fit(data).Transform(data);
        var x = output.GetColumn<double>("X").ToArray();
        var blocks = output.GetColumn<VBuffer<float>>("C").Select(v => v.DenseValues().ToArray()).ToArray();
        bool allNaN = values.All(double.IsNaN);
        bool rowsKept = x.Length == numbers.Get.Length && blocks.Length == numbers.Get.Length;
        bool blocksSumToOne = blocks.All(b => b.Sum() == 1f && b.All(v => v is 0f or 1f));
        bool noNaNLeft = allNaN || x.All(v => !double.IsNaN(v));
        return (rowsKept && blocksSumToOne && noNaNLeft).Label($"rows {rowsKept}, blocks {blocksSumToOne}, NaN {noNaNLeft}");
    }

    [Property(MaxTest = 20)]
    public Property Save_and_load_gives_identical_rows(NonEmptyArray<double> numbers, byte[] codes)
    {
        var ml = new MLContext(0);
        var data = Table(ml, numbers.Get, codes);
        var model = Pipeline(ml).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var other = new MLContext(1);
        var loaded = other.Model.Load(stream, out _);
        var before = model.Transform(data);
        var after = loaded.Transform(data);
        bool sameX = before.GetColumn<double>("X").Select(BitConverter.DoubleToInt64Bits)
            .SequenceEqual(after.GetColumn<double>("X").Select(BitConverter.DoubleToInt64Bits));
        bool sameC = before.GetColumn<float[]>("C").Zip(after.GetColumn<float[]>("C")).All(p => p.First.SequenceEqual(p.Second));
        return (sameX && sameC).Label($"X {sameX}, C {sameC}");
    }
}
