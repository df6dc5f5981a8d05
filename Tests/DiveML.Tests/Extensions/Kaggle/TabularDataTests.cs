using DiveML.Extensions.Kaggle;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Extensions.Kaggle;

/// <summary>How a CSV pair's task, classes and features are decided, and what is refused before any training.</summary>
public sealed class TabularDataTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string Csv(string text) => _scratch.Write($"{Guid.NewGuid():N}.csv", text);

    private string Table(string label, params string[] values)
        => Csv("Id,a,name,y\n" + string.Concat(values.Select((v, i) => $"{i + 1},{i * 1.5},n{i},{v}\n")).Replace(",y\n", $",{label}\n"));

    [Theory]
    [InlineData(new[] { "1", "0", "1", "0" }, "0", "1")]
    [InlineData(new[] { "10", "9", "9", "10" }, "9", "10")] // numbers sort as numbers, not as text
    [InlineData(new[] { "yes", "no", "no", "yes" }, "no", "yes")]
    [InlineData(new[] { "True", "False", "True", "True" }, "False", "True")]
    public void A_label_with_two_values_is_binary_and_the_larger_value_is_positive(string[] values, string negative, string positive)
    {
        var data = TabularData.Load(Table("y", values), null, "y", "Id", TabularTask.Auto);
        Assert.Equal(TabularTask.Binary, data.Task);
        Assert.Equal([negative, positive], data.Classes);
    }

    [Fact]
    public void Several_classes_keep_the_order_they_first_occur_in_and_many_numbers_are_a_regression()
    {
        var multi = TabularData.Load(Table("y", "b", "c", "a", "b", "c"), null, "y", "Id", TabularTask.Auto);
        Assert.Equal(TabularTask.Multiclass, multi.Task);
        Assert.Equal(["b", "c", "a"], multi.Classes);
        var regression = TabularData.Load(Table("y", Enumerable.Range(0, 12).Select(i => $"{i}.5").ToArray()), null, "y", "Id", TabularTask.Auto);
        Assert.Equal(TabularTask.Regression, regression.Task);
        Assert.Empty(regression.Classes);
        var explicitBinary = Assert.Throws<ArgumentException>(() => TabularData.Load(Table("y", "a", "b", "c"), null, "y", "Id", TabularTask.Binary));
        Assert.Contains("has 3 distinct values", explicitBinary.Message);
    }

    [Fact]
    public void Dropped_columns_are_not_features_and_must_exist()
    {
        var path = Table("y", "1.5", "2.5", "3.5");
        var data = TabularData.Load(path, null, "y", "Id", TabularTask.Regression, drop: ["name"]);
        Assert.Equal(["a"], data.NumericFeatures);
        Assert.Empty(data.TextFeatures);
        Assert.Equal(["name"], data.Dropped);
        Assert.Contains("Cannot drop column 'nme'", Assert.Throws<ArgumentException>(() => TabularData.Load(path, null, "y", "Id", TabularTask.Regression, drop: ["nme"])).Message);
        Assert.Contains("it is the label", Assert.Throws<ArgumentException>(() => TabularData.Load(path, null, "y", "Id", TabularTask.Regression, drop: ["y"])).Message);
    }

    [Fact]
    public void A_missing_label_is_named_by_line_and_a_log_of_a_label_below_one_is_refused()
    {
        var missing = Assert.Throws<InvalidDataException>(() => TabularData.Load(Table("y", "a", "", "b"), null, "y", "Id", TabularTask.Auto));
        Assert.Contains("line 3: the label 'y' is missing", missing.Message);
        var data = TabularData.Load(Table("y", "3.5", "-2.5", "0.5", "7.5"), null, "y", "Id", TabularTask.Regression);
        var e = Assert.Throws<InvalidDataException>(() => data.RequirePositiveLabel("The metric log_rmse", "Use --metric rmse or mae."));
        Assert.Contains("column 'y'", e.Message);
        Assert.Contains("the smallest is -2.5 (line 3)", e.Message);
    }
}
