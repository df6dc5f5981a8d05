using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Transforms;

public class FillNaMeanTests
{
    private sealed class Row
    {
        public double A { get; set; }
        public float B { get; set; }
        public string T { get; set; } = "";
    }

    private static IDataView Data(MLContext ml, params (double A, float B)[] rows)
        => ml.Data.LoadFromEnumerable(rows.Select(r => new Row { A = r.A, B = r.B, T = "x" }));

    [Fact]
    public void Infinity_takes_part_in_the_mean_as_in_pandas()
    {
        var ml = new MLContext(0);
        var data = Data(ml, (double.PositiveInfinity, 1f), (double.NaN, 2f), (1, float.NaN));
        var model = ml.Transforms.FillNaMean().Fit(data);
        Assert.Equal(double.PositiveInfinity, model.Means["A"]);
        Assert.Equal(1.5, model.Means["B"]);
        var a = model.Transform(data).GetColumn<double>("A").ToArray();
        Assert.Equal(new[] { double.PositiveInfinity, double.PositiveInfinity, 1 }, a);
        Assert.Equal(new[] { 1f, 2f, 1.5f }, model.Transform(data).GetColumn<float>("B").ToArray());
    }

    [Fact]
    public void Single_columns_take_infinite_means_too()
    {
        var ml = new MLContext(0);
        var data = Data(ml, (1, float.NegativeInfinity), (2, float.NaN));
        var model = ml.Transforms.FillNaMean("B").Fit(data);
        Assert.Equal(new[] { float.NegativeInfinity, float.NegativeInfinity }, model.Transform(data).GetColumn<float>("B").ToArray());
    }

    [Fact]
    public void Plus_and_minus_infinity_give_a_NaN_mean_and_NaN_stays()
    {
        var ml = new MLContext(0);
        var data = Data(ml, (double.PositiveInfinity, 1f), (double.NegativeInfinity, 1f), (double.NaN, 1f));
        var model = ml.Transforms.FillNaMean("A").Fit(data);
        Assert.True(double.IsNaN(model.Means["A"]));
        Assert.True(double.IsNaN(model.Transform(data).GetColumn<double>("A").Last()));
    }

    [Theory]
    [InlineData(AllMissingPolicy.KeepNaN, double.NaN)]
    [InlineData(AllMissingPolicy.FillZero, 0.0)]
    public void An_all_NaN_column_follows_the_policy(AllMissingPolicy policy, double expected)
    {
        var ml = new MLContext(0);
        var data = Data(ml, (double.NaN, 1f), (double.NaN, 2f));
        var logged = new List<string>();
        var model = ml.Transforms.FillNaMean(new FillNaMeanOptions { AllMissing = policy, Log = logged.Add }).Fit(data);
        Assert.All(model.Transform(data).GetColumn<double>("A"), v => Assert.Equal(expected, v));
        if (policy == AllMissingPolicy.KeepNaN)
        {
            Assert.Contains("'A'", Assert.Single(model.Warnings));
            Assert.Single(logged);
        }
        else Assert.Empty(model.Warnings);
    }

    [Fact]
    public void An_all_NaN_column_can_be_an_error()
    {
        var ml = new MLContext(0);
        var data = Data(ml, (double.NaN, 1f));
        var e = Assert.Throws<InvalidOperationException>(() => ml.Transforms.FillNaMean(new FillNaMeanOptions { AllMissing = AllMissingPolicy.Throw }).Fit(data));
        Assert.Contains("'A'", e.Message);
    }

    [Fact]
    public void Wrong_columns_are_rejected_up_front_by_name()
    {
        var ml = new MLContext(0);
        var data = Data(ml, (1, 1f));
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.FillNaMean("Nope").Fit(data));
        Assert.Contains("'Nope'", missing.Message);
        var text = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.FillNaMean("T").Fit(data));
        Assert.Contains("'T'", text.Message);
        Assert.Contains("String", text.Message);
    }

    [Fact]
    public void Default_columns_are_every_numeric_column()
    {
        var ml = new MLContext(0);
        var model = ml.Transforms.FillNaMean().Fit(Data(ml, (1, 1f)));
        Assert.Equal(["A", "B"], model.Columns);
    }

    private sealed class IntRow
    {
        public long N { get; set; }
    }

    private sealed class DoubleRow
    {
        public double N { get; set; }
    }

    [Fact]
    public void An_integer_column_learns_its_mean_and_the_saved_model_fills_its_float64_form()
    {
        var ml = new MLContext(0);
        // Training file: N holds only integers (pandas: int64), so nothing to fill there, but its mean is learned.
        var train = ml.Data.LoadFromEnumerable(new[] { 1L, 2L, 4L }.Select(v => new IntRow { N = v }));
        var model = ml.Transforms.FillNaMean().Fit(train);
        Assert.Equal(7.0 / 3, model.Means["N"]);
        Assert.Equal(["N"], model.IntegerColumns);
        Assert.Equal(new[] { 1.0, 2.0, 4.0 }, model.Transform(train).GetColumn<double>("N").ToArray());
        // A new file has a missing value there, so N reads as float64: the saved model fills it with the training mean.
        var path = Path.Combine(Path.GetTempPath(), $"diveml-fill-int-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, train.Schema, path);
            var loaded = new MLContext(1).Model.Load(path, out _);
            var test = ml.Data.LoadFromEnumerable(new[] { 3.0, double.NaN }.Select(v => new DoubleRow { N = v }));
            Assert.Equal(new[] { 3.0, 7.0 / 3 }, loaded.Transform(test).GetColumn<double>("N").ToArray());
            Assert.Equal(new[] { 1.0, 2.0, 4.0 }, loaded.Transform(train).GetColumn<double>("N").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Output_columns_can_differ_from_input_columns()
    {
        var ml = new MLContext(0);
        var data = Data(ml, (1, 1f), (double.NaN, 3f));
        var model = ml.Transforms.FillNaMean("AFilled", "A").Fit(data);
        var output = model.Transform(data);
        Assert.Equal(new[] { 1.0, 1.0 }, output.GetColumn<double>("AFilled").ToArray());
        Assert.True(double.IsNaN(output.GetColumn<double>("A").Last()));
        Assert.Equal(1.0, model.Means["AFilled"]);
    }
}
