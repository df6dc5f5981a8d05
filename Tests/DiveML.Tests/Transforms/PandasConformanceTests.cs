using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Transforms;
using Microsoft.ML;

namespace DiveML.Tests.Transforms;

/// <summary>DiveML's fillna(mean) + get_dummies(dummy_na=True) against every applicable pandas 1.5.3 fixture.</summary>
public class PandasConformanceTests
{
    [Theory]
    [InlineData("a_d2l_house_tiny", "house_tiny.csv", "output_fillna_then_get_dummies.json", "Price")]
    [InlineData("a_d2l_house_tiny", "house_tiny.csv", "output_get_dummies_then_fillna.json", "Price")]
    [InlineData("c1_all_nan_column", "input.csv", "fillna_mean_get_dummies.json", null)]
    [InlineData("c3_empty_vs_nan", "input.csv", "read_csv_default_get_dummies.json", null)]
    [InlineData("c4_numeric_as_string", "input.csv", "fillna_mean_get_dummies.json", null)]
    [InlineData("c4_numeric_as_string", "input_bool.csv", "bool_get_dummies.json", null)]
    [InlineData("c5_category_order", "input.csv", "get_dummies.json", null)]
    public void Matches_the_pandas_fixture(string fixture, string input, string expected, string? dropColumn)
    {
        IDataView data = PandasRun.LoadCsv(RepoPaths.Oracle(fixture, input));
        var ml = new MLContext(0);
        if (dropColumn is not null) data = ml.Transforms.DropColumns(dropColumn).Fit(data).Transform(data);
        var actual = PandasRun.Preprocess(data);
        PandasRun.AssertSame(OracleFrame.Load(RepoPaths.Oracle(fixture, expected)), actual);
    }

    [Fact]
    public void D2l_toy_fillna_alone_matches_pandas()
    {
        var ml = new MLContext(0);
        var data = PandasRun.LoadCsv(RepoPaths.Oracle("a_d2l_house_tiny", "house_tiny.csv"));
        var model = ml.Transforms.FillNaMean().Fit(data);
        Assert.Equal(3.0, model.Means["NumRooms"]);
        var actual = PandasRun.Render(model.Transform(data), ["NumRooms", "Alley"]);
        PandasRun.AssertSame(OracleFrame.Load(RepoPaths.Oracle("a_d2l_house_tiny", "inputs_fillna_mean.json")), actual);
    }

    [Fact]
    public void House_prices_train_matches_pandas_in_shape_names_first_rows_and_every_column_sum()
    {
        var data = PandasRun.LoadCsv(RepoPaths.HousePrices("train.csv"));
        var ml = new MLContext(0);
        data = ml.Transforms.DropColumns("Id", "SalePrice").Fit(data).Transform(data);
        var (header, rows) = PandasRun.Preprocess(data);

        var folder = "b_house_train_fillna_mean_get_dummies";
        Assert.Equal(File.ReadAllLines(RepoPaths.Oracle(folder, "columns.txt")), header);
        Assert.Equal((1460, 331), (rows.Length, header.Length));

        var first20 = OracleFrame.Load(RepoPaths.Oracle(folder, "first20.json"));
        PandasRun.AssertSame(first20, (header, rows.Take(20).ToArray()));

        foreach (var line in File.ReadAllLines(RepoPaths.Oracle(folder, "column_stats.csv")).Skip(1))
        {
            var p = line.Split(',');
            int c = Array.IndexOf(header, p[0]);
            var values = rows.Select(r => double.Parse(r[c], CultureInfo.InvariantCulture)).ToArray();
            double sum = double.Parse(p[2], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(values.Sum() - sum) <= 1e-12 * Math.Max(1, Math.Abs(sum)), $"{p[0]}: sum {values.Sum()} vs pandas {sum}");
            Assert.Equal(long.Parse(p[4], CultureInfo.InvariantCulture), values.Count(v => v != 0));
            Assert.Equal(0, values.Count(double.IsNaN));
        }
    }

    [Fact]
    public void Means_equal_pandas_to_the_last_bit()
    {
        var ml = new MLContext(0);
        var data = PandasRun.LoadCsv(RepoPaths.HousePrices("train.csv"));
        var doubles = new[] { "LotFrontage", "MasVnrArea", "GarageYrBlt" };
        var model = ml.Transforms.FillNaMean(ColumnPairs.InPlace(doubles)).Fit(data);
        var expected = File.ReadAllLines(RepoPaths.Oracle("b_house_train_fillna_mean_get_dummies", "numeric_means.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(p => doubles.Contains(p[0])).ToDictionary(p => p[0], p => p[1]);
        foreach (var name in doubles)
            Assert.Equal(expected[name], model.Means[name].ToString("R", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Columnar_and_DataFrame_inputs_give_the_same_means()
    {
        var ml = new MLContext(0);
        var columnar = ml.Data.LoadFromCsv(RepoPaths.HousePrices("train.csv")); // reads columns directly (IColumnarData)
        IDataView frame = CsvDataFrameLoader.Load(RepoPaths.HousePrices("train.csv")); // through a cursor
        Assert.IsAssignableFrom<IColumnarData>(columnar);
        Assert.IsNotAssignableFrom<IColumnarData>(frame);
        var a = ml.Transforms.FillNaMean().Fit(columnar).Means;
        var b = ml.Transforms.FillNaMean().Fit(frame).Means;
        Assert.Equal(b.Keys.Order(), a.Keys.Order());
        foreach (var (name, mean) in b) Assert.Equal(BitConverter.DoubleToInt64Bits(mean), BitConverter.DoubleToInt64Bits(a[name]));
    }

    [Fact]
    public void An_unseen_category_becomes_all_zeros_and_is_counted()
    {
        var ml = new MLContext(0);
        var train = PandasRun.LoadCsv(RepoPaths.Oracle("c2_unseen_category", "train.csv"));
        var test = PandasRun.LoadCsv(RepoPaths.Oracle("c2_unseen_category", "test.csv"));
        var model = ml.Transforms.GetDummies().Fit(train);
        var actual = PandasRun.Render(model.Transform(test), ["Size", "Color"]);
        PandasRun.AssertSame(OracleFrame.Load(RepoPaths.Oracle("c2_unseen_category", "separate_test_reindexed_to_train_columns.json")), actual);
        Assert.Equal(1, model.CountUnseen(test)["Color"]);
        Assert.Equal(0, model.CountUnseen(train)["Color"]);
    }

    [Fact]
    public void An_all_text_missing_column_forced_to_text_gives_a_single_nan_indicator()
    {
        var options = new CsvLoadOptions { ColumnTypes = new Dictionary<string, CsvColumnKind> { ["b"] = CsvColumnKind.String } };
        var data = PandasRun.LoadCsv(RepoPaths.Oracle("c1_all_nan_column", "input.csv"), options);
        var model = new MLContext(0).Transforms.GetDummies("b").Fit(data);
        var actual = PandasRun.Render(model.Transform(data), ["a", "c", "b"]);
        var oracle = OracleFrame.Load(RepoPaths.Oracle("c1_all_nan_column", "b_as_object_get_dummies.json"));
        Assert.Equal(oracle.Column("b_nan").Select(v => ((double)v!).ToString(CultureInfo.InvariantCulture)), actual.Rows.Select(r => r[2]));
        Assert.Equal(["b_nan"], model.OutputFeatureNames);
    }
}
