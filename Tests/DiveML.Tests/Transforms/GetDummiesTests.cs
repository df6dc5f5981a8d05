using DiveML.Transforms;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.ML;
using Microsoft.ML.Data;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Transforms;

public class GetDummiesTests
{
    private sealed class Row
    {
        public string Color { get; set; } = "";
        public string Size { get; set; } = "";
        public float N { get; set; }
    }

    private static IDataView Data(MLContext ml, params (string Color, string Size)[] rows)
        => ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Color = r.Color, Size = r.Size, N = 1 }));

    [Fact]
    public void Levels_are_sorted_ordinally_and_slot_names_are_pandas_names_with_nan_last()
    {
        var ml = new MLContext(0);
        var data = Data(ml, ("red", "S"), ("Green", "M"), ("", "L"), ("blue", "S"));
        var model = ml.Transforms.GetDummies().Fit(data);
        Assert.Equal(["Color_Green", "Color_blue", "Color_red", "Color_nan", "Size_L", "Size_M", "Size_S", "Size_nan"], model.OutputFeatureNames);
        var output = model.Transform(data);
        VBuffer<ReadOnlyMemory<char>> names = default;
        output.Schema["Color"].GetSlotNames(ref names);
        Assert.Equal(["Color_Green", "Color_blue", "Color_red", "Color_nan"], names.DenseValues().Select(n => n.ToString()));
        Assert.Equal(new float[] { 0, 0, 0, 1 }, output.GetColumn<float[]>("Color").ElementAt(2));
        Assert.Equal(["N", "Color_Green", "Color_blue", "Color_red", "Color_nan"], model.GetFeatureNames(["N", "Color"]));
    }

    [Fact]
    public void A_literal_nan_level_does_not_collide_with_the_missing_indicator()
    {
        var ml = new MLContext(0);
        var data = Data(ml, ("nan", "S"), ("", "S"), ("a", "S"));
        var model = ml.Transforms.GetDummies("Color").Fit(data);
        Assert.Equal(["Color_a", "Color_\"nan\"", "Color_nan"], model.OutputFeatureNames);
        var rows = model.Transform(data).GetColumn<float[]>("Color").ToArray();
        Assert.Equal(new float[] { 0, 1, 0 }, rows[0]);
        Assert.Equal(new float[] { 0, 0, 1 }, rows[1]);
    }

    [Fact]
    public void Without_DummyNa_missing_is_all_zeros_as_in_pandas()
    {
        var ml = new MLContext(0);
        var data = Data(ml, ("a", "S"), ("", "S"));
        var model = ml.Transforms.GetDummies(new GetDummiesOptions { Columns = ColumnPairs.InPlace("Color"), DummyNa = false }).Fit(data);
        Assert.Equal(["Color_a"], model.OutputFeatureNames);
        Assert.Equal(new float[] { 0 }, model.Transform(data).GetColumn<float[]>("Color").Last());
    }

    [Fact]
    public void A_numeric_column_is_rejected_with_a_hint()
    {
        var ml = new MLContext(0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.GetDummies("N").Fit(Data(ml, ("a", "S"))));
        Assert.Contains("'N'", e.Message);
        Assert.Contains("convert it to text", e.Message);
    }

    [Fact]
    public void Works_inside_a_pipeline_and_after_save_load_in_another_context()
    {
        var ml = new MLContext(0);
        var data = Data(ml, ("red", "S"), ("green", "M"), ("", "L"));
        var pipeline = ml.Transforms.GetDummies().Append(ml.Transforms.Concatenate("Features", "N", "Color", "Size"));
        var model = pipeline.Fit(data);
        using var dir = new ScratchFolder();
        var path = dir["dummies.zip"];
        ml.Model.Save(model, data.Schema, path);
        var loaded = new MLContext(5).Model.Load(path, out var inputSchema);
        Assert.Equal(data.Schema.Count, inputSchema.Count);
        var expected = model.Transform(data).GetColumn<float[]>("Features").ToArray();
        var actual = loaded.Transform(data).GetColumn<float[]>("Features").ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(1 + 3 + 4, expected[0].Length); // N, green/red/nan, L/M/S/nan
    }

    [Fact]
    public void A_column_without_levels_and_without_DummyNa_is_a_clear_error()
    {
        var ml = new MLContext(0);
        var e = Assert.Throws<InvalidOperationException>(() => ml.Transforms.GetDummies(new GetDummiesOptions { Columns = ColumnPairs.InPlace("Color"), DummyNa = false })
            .Fit(Data(ml, ("", "S"), ("", "M"))));
        Assert.Contains("'Color'", e.Message);
        Assert.Contains("DummyNa", e.Message);
        // With the missing indicator the column has one slot, as pandas' Color_nan.
        var model = ml.Transforms.GetDummies("Color").Fit(Data(ml, ("", "S")));
        Assert.Equal(["Color_nan"], model.OutputFeatureNames);
    }

    [Fact]
    public void Two_levels_that_would_share_a_slot_name_are_a_clear_error()
    {
        var ml = new MLContext(0);
        var e = Assert.Throws<InvalidOperationException>(() => ml.Transforms.GetDummies("Color").Fit(Data(ml, ("nan", "S"), ("\"nan\"", "S"))));
        Assert.Contains("'Color'", e.Message);
        Assert.Contains("Color_\"nan\"", e.Message);
    }

    private sealed class TextRow
    {
        public string C { get; set; } = "";
    }

    [Fact]
    public void A_pair_that_reads_another_pairs_output_is_a_clear_error()
    {
        var ml = new MLContext(0);
        var data = Data(ml, ("a", "S"), ("b", "M"));
        // Color → Size and Size → Other: the pairs are fitted and applied side by side, each from the input data.
        var e = Assert.Throws<ArgumentException>(() => ml.Transforms.GetDummies(new GetDummiesOptions
        {
            Columns = [new InputOutputColumnPair("Size", "Color"), new InputOutputColumnPair("Other", "Size")],
        }).Fit(data));
        Assert.Contains("column 'Size' is the input of output 'Other' and also the output of input 'Color'", e.Message);
    }

    private static int ByCodePoint(string a, string b)
    {
        var (x, y) = (a.EnumerateRunes().Select(r => r.Value).ToArray(), b.EnumerateRunes().Select(r => r.Value).ToArray());
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        return x.Length.CompareTo(y.Length);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    [Fact]
    public void Levels_beyond_U_FFFF_sort_by_code_point_as_pandas_sorts_them()
    {
        var ml = new MLContext(0);
        // pandas 1.5.3: get_dummies orders these c_Z, c_a, c_\uE000, c_！, c_😀, c_😁; .NET's ordinal order would put the
        // emoji (surrogates U+D83D…) before U+E000.
        var data = Data(ml, ("\uE000", "S"), ("！", "S"), ("😀", "S"), ("Z", "S"), ("a", "S"), ("😁", "S"));
        var model = ml.Transforms.GetDummies("Color").Fit(data);
        Assert.Equal(["Color_Z", "Color_a", "Color_\uE000", "Color_！", "Color_😀", "Color_😁", "Color_nan"], model.OutputFeatureNames);
    }

    /// <summary>
    /// Any column name, separator and levels — quotes, backslashes, line breaks, lone surrogates, "nan" — against the
    /// rule written out here: levels sorted ordinally, one slot each, the missing indicator last; an unseen level and,
    /// without DummyNa, a missing value are all zeros. Catches an escaping slip in the slot-name expression.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Any_text_is_encoded_as_the_pandas_rule_says(NonEmptyString column, string? separator, string?[] fitValues, string?[] otherValues, bool dummyNa, bool nanLevel)
    {
        var ml = new MLContext(0);
        string name = column.Get, sep = separator ?? "_";
        // Levels as a CSV gives them: well-formed text (a lone surrogate has no code point to sort by).
        var fit = fitValues.Select(v => v ?? "").Where(v => !HasLoneSurrogate(v))
            .Concat(nanLevel ? ["nan"] : []).ToArray();
        // Levels nan and "nan" together would share a slot name with DummyNa (the test above); either alone must work,
        // and the other one applied is unseen.
        if (dummyNa && fit.Contains("nan")) fit = fit.Where(v => v != "\"nan\"").ToArray();
        var all = fit.Concat(otherValues.Select(v => v ?? "")).Concat(["", "nan", "\"nan\"", "\"unseen\""]).ToArray();
        // Python's order: by code point, compared here as UTF-32.
        var levels = fit.Where(v => v.Length > 0).Distinct().OrderBy(v => v, Comparer<string>.Create(ByCodePoint)).ToList();
        IDataView Named(string[] values)
        {
            var view = ml.Data.LoadFromEnumerable(values.Select(v => new TextRow { C = v }));
            return name == "C" ? view : ml.Transforms.CopyColumns(name, "C").Fit(view).Transform(view);
        }
        var estimator = ml.Transforms.GetDummies(new GetDummiesOptions { Columns = ColumnPairs.InPlace(name), DummyNa = dummyNa, PrefixSeparator = sep });
        var expectedNames = levels.Select(l => name + sep + (dummyNa && l == "nan" ? "\"nan\"" : l)).Concat(dummyNa ? [name + sep + "nan"] : []).ToArray();
        if (expectedNames.Length == 0) // no slot: the error of the test above
            return Prop.ToProperty(Assert.Throws<InvalidOperationException>(() => estimator.Fit(Named(fit))).Message.Contains("DummyNa")).Label("no levels");
        var model = estimator.Fit(Named(fit));
        var output = model.Transform(Named(all));
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        output.Schema[name].GetSlotNames(ref slotNames);
        bool namesMatch = model.OutputFeatureNames.SequenceEqual(expectedNames) && slotNames.DenseValues().Select(n => n.ToString()).SequenceEqual(expectedNames);
        var rows = output.GetColumn<float[]>(name).ToArray();
        bool rowsMatch = rows.Length == all.Length && all.Select((v, i) =>
        {
            var expected = new float[expectedNames.Length];
            int slot = v.Length == 0 ? (dummyNa ? expectedNames.Length - 1 : -1) : levels.IndexOf(v);
            if (slot >= 0) expected[slot] = 1;
            return rows[i].SequenceEqual(expected);
        }).All(ok => ok);
        return (namesMatch && rowsMatch).Label($"names {namesMatch}, rows {rowsMatch}");
    }
}
