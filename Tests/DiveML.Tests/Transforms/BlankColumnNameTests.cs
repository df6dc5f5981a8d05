using DiveML.Tests.Support;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Transforms;

/// <summary>
/// Columns named only by white space — a CSV header of " " keeps that name in pandas — go through every transform,
/// although ML.NET's own transforms refuse such an output name.
/// </summary>
public class BlankColumnNameTests
{
    private sealed class Row
    {
        public double X { get; set; }
        public int N { get; set; }
        public string C { get; set; } = "";
    }

    private static IDataView Blank(MLContext ml)
    {
        var rows = ml.Data.LoadFromEnumerable(new[]
        {
            new Row { X = 1, N = 1, C = "a" },
            new Row { X = double.NaN, N = 2, C = "" },
            new Row { X = 3, N = 3, C = "b" },
        });
        // " " numeric, "\t" integer, "  " text.
        return ml.Transforms.CopyColumns(" ", "X").Append(ml.Transforms.CopyColumns("\t", "N")).Append(ml.Transforms.CopyColumns("  ", "C"))
            .Fit(rows).Transform(rows);
    }

    [Fact]
    public void FillNaMean_GetDummies_and_Standardize_keep_blank_names()
    {
        var ml = new MLContext(0);
        var data = Blank(ml);
        var pipeline = ml.Transforms.FillNaMean(ColumnPairs.InPlace(" ", "\t"))
            .Append(ml.Transforms.GetDummies("  "))
            .Append(ml.Transforms.Standardize(new StandardizeOptions { Columns = [new InputOutputColumnPair("std", " ")] }));
        var shape = pipeline.GetOutputSchema(EstimatorHarness.ShapeOf(data.Schema));
        var model = pipeline.Fit(data);
        var output = model.Transform(data);

        Assert.Equal([1.0, 2.0, 3.0], output.GetColumn<double>(" "));
        Assert.Equal([1.0, 2.0, 3.0], output.GetColumn<double>("\t"));
        Assert.Equal([[1f, 0f, 0f], [0f, 0f, 1f], [0f, 1f, 0f]], output.GetColumn<float[]>("  "));
        Assert.Equal([-1.0, 0.0, 1.0], output.GetColumn<double>("std"));
        VBuffer<ReadOnlyMemory<char>> names = default;
        output.Schema["  "].GetSlotNames(ref names);
        Assert.Equal(["  _a", "  _b", "  _nan"], names.DenseValues().Select(n => n.ToString()));
        // No working column is left behind, and the schema promised before fitting is the one produced.
        Assert.Equal(data.Schema.Select(c => c.Name).Append("std").Distinct(), output.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
        Assert.Equal(shape.Select(c => c.Name).Order(StringComparer.Ordinal), output.Schema.Where(c => !c.IsHidden).Select(c => c.Name).Order(StringComparer.Ordinal));

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext(1).Model.Load(stream, out _).Transform(data);
        Assert.Equal(output.GetColumn<float[]>("  "), loaded.GetColumn<float[]>("  "));
        Assert.Equal(output.GetColumn<double>("std"), loaded.GetColumn<double>("std"));
    }
}
