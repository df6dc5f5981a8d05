using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

public class PreprocessCommandTests
{
    [Fact]
    public void Writes_the_pandas_result_with_excluded_columns_in_front()
    {
        using var dir = new ScratchFolder();
        var output = dir["pp.csv"];
        var (code, stdout, stderr) = CliTests.Run("preprocess", "--data", RepoPaths.HousePrices("train.csv"), "--out", output, "--exclude", "Id,SalePrice");
        Assert.True(code == 0, stderr);
        Assert.Contains("1460 rows × 333 columns", stdout);
        var lines = File.ReadAllLines(output);
        Assert.Equal(1461, lines.Length);
        var header = PandasRun.SplitCsv(lines[0]);
        Assert.Equal(["Id", "SalePrice"], header[..2]);
        Assert.Equal(File.ReadAllLines(RepoPaths.Oracle("b_house_train_fillna_mean_get_dummies", "columns.txt")), header[2..]);
        // Row 0 of the oracle (first20.csv writes NaN as "NaN"; nothing is missing after fillna).
        var expected = PandasRun.SplitCsv(File.ReadAllLines(RepoPaths.Oracle("b_house_train_fillna_mean_get_dummies", "first20.csv"))[8]);
        Assert.Equal(expected, PandasRun.SplitCsv(lines[8])[2..]);
    }

    [Fact]
    public void A_saved_preprocessing_model_gives_identical_output_in_a_fresh_process_and_applies_to_the_test_file()
    {
        using var scratch = new ScratchFolder();
        var dir = scratch.Path;
        var output = Path.Combine(dir, "train.out.csv");
        var model = Path.Combine(dir, "prep.zip");
        var (code, _, stderr) = CliTests.Run("preprocess", "--data", RepoPaths.HousePrices("train.csv"), "--out", output, "--exclude", "Id,SalePrice", "--save-model", model);
        Assert.True(code == 0, stderr);

        var again = Path.Combine(dir, "train.again.csv");
        var (exit, _, err) = FreshProcess.Dive("apply", "--model", model, "--data", RepoPaths.HousePrices("train.csv"), "--out", again);
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllLines(output), File.ReadAllLines(again));

        var test = Path.Combine(dir, "test.out.csv");
        (exit, var stdout, err) = FreshProcess.Dive("apply", "--model", model, "--data", RepoPaths.HousePrices("test.csv"), "--out", test);
        Assert.True(exit == 0, err);
        Assert.Contains("not written: SalePrice", stdout);
        Assert.DoesNotContain("warning", err);
        var header = PandasRun.SplitCsv(File.ReadLines(test).First());
        Assert.Equal(PandasRun.SplitCsv(File.ReadLines(output).First()).Where(h => h != "SalePrice"), header);
        var lines = File.ReadAllLines(test);
        Assert.Equal(1460, lines.Length);
        // BsmtFinSF1 is int64 in train.csv but float64 in test.csv (Id 2121 is missing there): pandas' test.fillna(train
        // means) fills it with the training mean and writes the column as floats; LotArea stays int64 in both.
        var rows = lines.Skip(1).Select(PandasRun.SplitCsv).ToArray();
        string Cell(string id, string column) => rows.Single(r => r[Array.IndexOf(header, "Id")] == id)[Array.IndexOf(header, column)];
        Assert.Equal("443.6397260273973", Cell("2121", "BsmtFinSF1"));
        Assert.Equal("468.0", Cell("1461", "BsmtFinSF1"));
        Assert.Equal("11622", Cell("1461", "LotArea"));
    }

    [Fact]
    public void A_bad_input_leaves_no_output_file_and_names_the_line()
    {
        using var dir = new ScratchFolder();
        var input = dir.Write("bad.csv", "a,b\n1,x\n2\n");
        var output = dir["pp.csv"];
        var (code, _, stderr) = CliTests.Run("preprocess", "--data", input, "--out", output);
        Assert.Equal(1, code);
        Assert.Contains("line 3", stderr);
        Assert.False(File.Exists(output));
        Assert.Equal([input], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void An_unknown_excluded_column_is_named()
    {
        using var dir = new ScratchFolder();
        var (code, _, stderr) = CliTests.Run("preprocess", "--data", RepoPaths.HousePrices("train.csv"), "--out", dir["pp.csv"], "--exclude", "Nope");
        Assert.Equal(1, code);
        Assert.Contains("'Nope'", stderr);
    }
}
