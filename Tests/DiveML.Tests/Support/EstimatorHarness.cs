using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Support;

/// <summary>
/// What every DiveML estimator must do, checked the same way for each (as ML.NET's own TestEstimatorCore does):
/// <list type="bullet">
/// <item>the promised schema (<c>GetOutputSchema(SchemaShape)</c>) is the schema a fitted transformer produces;</item>
/// <item>a fitted model saved and loaded in a fresh <see cref="MLContext"/> gives identical rows;</item>
/// <item><c>Transform</c> on an empty view works and keeps the schema;</item>
/// <item>a missing input column, and an input column of the wrong type, are refused with the column named — up front,
/// by <c>GetOutputSchema</c> as well as by <c>Fit</c>.</item>
/// </list>
/// </summary>
public static class EstimatorHarness
{
    /// <summary>One estimator under test.</summary>
    /// <param name="Estimator">A fresh estimator.</param>
    /// <param name="Data">Training data (small).</param>
    /// <param name="Inputs">
    /// Input columns the estimator names: each is dropped in turn and must be named in the error. Empty for an estimator
    /// that works on every column of a type (nothing is missing then), which skips checks 4 and 5.
    /// </param>
    /// <param name="WrongType">Replaces <paramref name="Inputs"/>[0] by a column of the same name and a type the estimator refuses.</param>
    public sealed record Case(Func<MLContext, IEstimator<ITransformer>> Estimator, Func<MLContext, IDataView> Data, string[] Inputs,
        Func<MLContext, IDataView, IDataView>? WrongType);

    public static void Check(Case c)
    {
        var ml = new MLContext(seed: 1);
        var data = c.Data(ml);
        var estimator = c.Estimator(ml);

        // 1. The promised output schema is the real one.
        var promised = estimator.GetOutputSchema(ShapeOf(data.Schema));
        var model = estimator.Fit(data);
        var output = model.Transform(data);
        AssertSameShape(promised, output.Schema);

        // 2. Save, load in a fresh context, identical rows.
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext(seed: 2).Model.Load(stream, out var savedSchema);
        Assert.Equal(data.Schema.Select(col => col.Name), savedSchema.Select(col => col.Name));
        AssertSameRows(output, loaded.Transform(data));

        // 3. An empty view transforms to an empty view with the same schema.
        var empty = model.Transform(ml.Data.SkipRows(data, long.MaxValue));
        Assert.Equal(output.Schema.Select(col => (col.Name, col.Type.ToString())), empty.Schema.Select(col => (col.Name, col.Type.ToString())));
        Assert.Empty(Rows(empty));

        // 4. A missing input column is named, before and at fit time.
        foreach (var input in c.Inputs)
        {
            var without = ml.Transforms.DropColumns(input).Fit(data).Transform(data);
            AssertNames(input, () => c.Estimator(ml).GetOutputSchema(ShapeOf(without.Schema)));
            AssertNames(input, () => c.Estimator(ml).Fit(without));
        }

        // 5. A column of the wrong type is named, before and at fit time.
        if (c.Inputs.Length == 0) return;
        var wrong = c.WrongType!(ml, data);
        AssertNames(c.Inputs[0], () => c.Estimator(ml).GetOutputSchema(ShapeOf(wrong.Schema)));
        AssertNames(c.Inputs[0], () => c.Estimator(ml).Fit(wrong));
    }

    /// <summary>
    /// The <see cref="SchemaShape"/> ML.NET builds from a schema before fitting. ML.NET keeps <c>SchemaShape.Create</c>
    /// for itself (its own tests call it as a friend assembly), so the test reaches it by reflection; product code never does.
    /// </summary>
    public static SchemaShape ShapeOf(DataViewSchema schema)
        => (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    private static void AssertNames(string column, Action action)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Contains($"'{column}'", e.Message);
    }

    private static void AssertSameShape(SchemaShape promised, DataViewSchema actual)
    {
        var visible = actual.Where(col => !col.IsHidden).ToList();
        Assert.Equal(promised.Select(col => col.Name).OrderBy(n => n, StringComparer.Ordinal), visible.Select(col => col.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        foreach (var column in promised)
        {
            var real = visible.Last(col => col.Name == column.Name);
            var itemType = real.Type is VectorDataViewType vector ? vector.ItemType : real.Type;
            bool isVector = real.Type is VectorDataViewType;
            Assert.True(isVector == (column.Kind != SchemaShape.Column.VectorKind.Scalar), $"'{column.Name}': promised {column.Kind}, got {real.Type}");
            Assert.True(column.IsKey == itemType is KeyDataViewType, $"'{column.Name}': promised key = {column.IsKey}, got {real.Type}");
            if (!column.IsKey)
                Assert.True(column.ItemType.RawType == itemType.RawType, $"'{column.Name}': promised {column.ItemType}, got {itemType}");
        }
    }

    public static void AssertSameRows(IDataView expected, IDataView actual)
    {
        var a = Rows(expected);
        var b = Rows(actual);
        Assert.Equal(a.Count, b.Count);
        for (int r = 0; r < a.Count; r++)
            foreach (var (name, value) in a[r])
                Assert.True(b[r].TryGetValue(name, out var other) && other == value, $"row {r}, column '{name}': {value} before saving, {other} after loading");
    }

    /// <summary>Every visible column of every row, as exact text (floats by their bits).</summary>
    private static List<Dictionary<string, string>> Rows(IDataView view)
    {
        var preview = view.Preview(maxRows: 10_000);
        var visible = view.Schema.Where(col => !col.IsHidden).Select(col => col.Name).ToHashSet();
        return preview.RowView.Select(row => row.Values.Where(kv => visible.Contains(kv.Key)).GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => Exact(g.Last().Value))).ToList();
    }

    private static string Exact(object? value) => value switch
    {
        null => "null",
        float f => BitConverter.SingleToInt32Bits(f).ToString(CultureInfo.InvariantCulture),
        double d => BitConverter.DoubleToInt64Bits(d).ToString(CultureInfo.InvariantCulture),
        VBuffer<float> v => string.Join(",", v.DenseValues().Select(x => BitConverter.SingleToInt32Bits(x))),
        VBuffer<double> v => string.Join(",", v.DenseValues().Select(x => BitConverter.DoubleToInt64Bits(x))),
        ReadOnlyMemory<char> text => text.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
