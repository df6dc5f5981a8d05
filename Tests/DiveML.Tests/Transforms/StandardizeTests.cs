using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Transforms;

public class StandardizeTests
{
    [Fact]
    public void Matches_d2l_4_10_standardize_then_fillna_zero_in_pandas()
    {
        var ml = new MLContext(0);
        var options = new CsvLoadOptions { ColumnTypes = new Dictionary<string, CsvColumnKind> { ["const"] = CsvColumnKind.Double, ["ints"] = CsvColumnKind.Double } };
        IDataView data = CsvDataFrameLoader.LoadTable(RepoPaths.Oracle("c6_standardize", "input.csv"), options).ToDataView();
        var model = ml.Transforms.Standardize().Fit(data);
        var oracle = OracleFrame.Load(RepoPaths.Oracle("c6_standardize", "standardize_fillna0.json"));
        var output = model.Transform(data);
        foreach (var name in oracle.Columns)
        {
            // d2l fills the remaining NaN with 0 after standardising.
            var actual = output.GetColumn<double>(name).Select(v => double.IsNaN(v) ? 0.0 : v).ToArray();
            var expected = oracle.Column(name).Select(v => (double)v!).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"{name}[{i}]: pandas {expected[i]}, DiveML {actual[i]}");
        }
        Assert.Equal(1.2909944487358056, model.Statistics["ints"].Std, 1e-15);
        Assert.True(double.IsNaN(model.Statistics["single"].Std));
    }

    /// <summary>
    /// The fitted chains are flat: one built-in per column (plus a conversion per integer column), never a chain nested
    /// per column, which fitting and applying would walk again at every level (quadratic in the columns).
    /// </summary>
    [Fact]
    public void Standardize_and_fill_na_mean_fit_one_flat_chain_of_one_transform_per_column()
    {
        var ml = new MLContext(0);
        var names = Enumerable.Range(0, 12).Select(i => $"c{i}").ToArray();
        IDataView data = new Microsoft.Data.Analysis.DataFrame(names.Select((n, i) =>
            new Microsoft.Data.Analysis.DoubleDataFrameColumn(n, Enumerable.Range(0, 5).Select(r => (double)(r * (i + r))))));
        foreach (var inner in new[] { ml.Transforms.Standardize(ColumnPairs.InPlace(names)).Fit(data).InnerChain, ml.Transforms.FillNaMean(ColumnPairs.InPlace(names)).Fit(data).InnerChain })
        {
            var chain = Assert.IsType<TransformerChain<ITransformer>>(inner);
            Assert.Equal(names.Length, chain.Count());
            Assert.DoesNotContain(chain, t => t is TransformerChain<ITransformer>);
        }
    }

    private sealed class Pair
    {
        public double Const { get; set; }
        public double Single { get; set; }
    }

    [Fact]
    public void Constant_columns_give_zero_not_infinity_on_new_data()
    {
        var ml = new MLContext(0);
        // Training: 'Const' never varies (std 0) and 'Single' has one value (std undefined): no scale to divide by.
        var train = ml.Data.LoadFromEnumerable(new[] { new Pair { Const = 5, Single = 1 }, new Pair { Const = 5, Single = double.NaN }, new Pair { Const = 5, Single = double.NaN } });
        var model = ml.Transforms.Standardize().Fit(train);
        Assert.Equal(0.0, model.Statistics["Const"].Std);
        Assert.True(double.IsNaN(model.Statistics["Single"].Std));
        // New rows with other values: dividing by those stds would give ±Infinity or NaN; the columns become 0 instead.
        var fresh = ml.Data.LoadFromEnumerable(new[] { new Pair { Const = 7, Single = 2 }, new Pair { Const = -3, Single = 0 } });
        var output = model.Transform(fresh);
        Assert.Equal(new[] { 0.0, 0.0 }, output.GetColumn<double>("Const").ToArray());
        Assert.Equal(new[] { 0.0, 0.0 }, output.GetColumn<double>("Single").ToArray());
    }
}

public class StandardizeFillTests
{
    [Fact]
    public void Filling_in_the_same_step_equals_Standardize_then_FillNaMean()
    {
        var ml = new MLContext(0);
        var data = CsvDataFrameLoader.LoadTable(RepoPaths.HousePrices("train.csv")).ToDataView();
        string[] columns = ["LotFrontage", "MasVnrArea", "GarageYrBlt"];
        var twoSteps = ml.Transforms.Standardize(ColumnPairs.InPlace(columns)).Append(ml.Transforms.FillNaMean(ColumnPairs.InPlace(columns))).Fit(data).Transform(data);
        var oneStep = ml.Transforms.Standardize(new StandardizeOptions { Columns = ColumnPairs.InPlace(columns), FillMissingWithMean = true }).Fit(data).Transform(data);
        foreach (var c in columns)
        {
            var a = twoSteps.GetColumn<double>(c).ToArray();
            var b = oneStep.GetColumn<double>(c).ToArray();
            Assert.Equal(a.Length, b.Length);
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 1e-12);
            Assert.DoesNotContain(b, double.IsNaN);
        }
    }
}
