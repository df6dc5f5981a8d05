using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

public sealed class KaggleCommandTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>A new folder inside the test's scratch folder (deleted with it).</summary>
    private string TempDir() => Directory.CreateDirectory(_scratch[Guid.NewGuid().ToString("N")]).FullName;

    [Theory]
    [InlineData("linear")] // d2l 4.10
    [InlineData("mlp", "--log-target", "--ensemble", "2")] // an ensemble saves as one ONNX graph
    public void House_prices_end_to_end_and_predict_in_a_fresh_process_reproduces_the_submission(string model, params string[] extra)
    {
        var outDir = TempDir();
        var (code, stdout, stderr) = CliTests.Run(["kaggle", "--train", RepoPaths.HousePrices("train.csv"), "--test", RepoPaths.HousePrices("test.csv"),
            "--label", "SalePrice", "--id", "Id", "--model", model, .. extra, "--folds", "3", "--epochs", "10", "--seed", "1", "--out", outDir]);
        Assert.True(code == 0, stderr);
        Assert.Contains("fold 3", stdout);
        if (extra.Contains("--ensemble")) Assert.Contains("ensemble of 2", stdout);
        foreach (var file in new[] { "cv-report.md", "cv-report.json", "cv-report.csv", "curves.png", "submission.csv", "model.zip" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        var submission = File.ReadAllLines(Path.Combine(outDir, "submission.csv"));
        Assert.Equal("Id,SalePrice", submission[0]);
        Assert.Equal(1 + 1459, submission.Length); // header + one row per test row
        Assert.Equal("1461", submission[1].Split(',')[0]); // test order kept
        Assert.All(submission.Skip(1), l => Assert.True(double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) > 0));

        // A separate process: only model.zip (its description inside), no training state.
        var predicted = Path.Combine(outDir, "pred.csv");
        var (exit, _, err) = FreshProcess.Dive("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", RepoPaths.HousePrices("test.csv"), "--out", predicted);
        Assert.True(exit == 0, err);
        Assert.Equal(submission, File.ReadAllLines(predicted));
    }

    [Fact]
    public void Folds_side_by_side_by_default_give_the_report_and_submission_of_one_fold_at_a_time()
    {
        string Run(params string[] extra)
        {
            var outDir = TempDir();
            var (code, stdout, stderr) = CliTests.Run(["kaggle", "--train", RepoPaths.HousePrices("train.csv"), "--test", RepoPaths.HousePrices("test.csv"),
                "--label", "SalePrice", "--id", "Id", "--model", "mlp", "--log-target", "--ensemble", "2", "--epochs", "4", "--folds", "4", "--seed", "2",
                .. extra, "--out", outDir]);
            Assert.True(code == 0, stderr);
            Assert.Equal(["  fold 1", "  fold 2", "  fold 3", "  fold 4"], stdout.Split('\n').Where(l => l.StartsWith("  fold ", StringComparison.Ordinal)).Select(l => l[..8]));
            return outDir;
        }
        string atOnce = Run(), oneByOne = Run("--parallel-folds", "1");
        Assert.Equal(File.ReadAllBytes(Path.Combine(oneByOne, "submission.csv")), File.ReadAllBytes(Path.Combine(atOnce, "submission.csv")));
        Assert.Equal(WithoutTimings(Path.Combine(oneByOne, "cv-report.json")), WithoutTimings(Path.Combine(atOnce, "cv-report.json")));
    }

    /// <summary>cv-report.json without its wall-clock fields ("seconds"), which differ from run to run.</summary>
    private static string WithoutTimings(string path)
        => System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), "\"seconds\":\\s*[-0-9.eE+]+", "\"seconds\": 0");

    private (string Train, string Test) TinyPair(string trainText, string testText)
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "train.csv"), trainText);
        File.WriteAllText(Path.Combine(dir, "test.csv"), testText);
        return (Path.Combine(dir, "train.csv"), Path.Combine(dir, "test.csv"));
    }

    private const string Train = "Id,a,b,y\n1,1.0,x,10\n2,2.0,y,20\n3,3.0,x,30\n4,4.0,y,40\n5,5.0,x,50\n6,6.0,y,60\n7,7.0,x,70\n8,8.0,y,80\n9,9.0,x,90\n10,10.0,y,100\n11,11.0,x,110\n12,12.0,y,120\n";

    [Fact]
    public void A_test_file_whose_columns_differ_is_named()
    {
        var (train, test) = TinyPair(Train, "Id,a,c\n13,1.0,q\n");
        var (code, _, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--id", "Id", "--out", TempDir());
        Assert.Equal(1, code);
        Assert.Contains("Missing: b", stderr);
        Assert.Contains("Unexpected: c", stderr);
    }

    [Fact]
    public void Without_an_id_column_the_id_option_is_asked_for_before_any_training()
    {
        var (train, test) = TinyPair(Train.Replace("Id,", "Key,"), "Key,a,b\n13,1.0,x\n");
        var (code, stdout, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--out", TempDir());
        Assert.Equal(2, code);
        Assert.Contains("--id", stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Fact]
    public void A_missing_label_column_is_named()
    {
        var (train, test) = TinyPair(Train, "Id,a,b\n13,1.0,x\n");
        var (code, _, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "price", "--id", "Id", "--out", TempDir());
        Assert.Equal(1, code);
        Assert.Contains("no label column 'price'", stderr);
    }

    [Theory]
    [InlineData("1", 2)]
    [InlineData("13", 1)]
    public void Impossible_fold_counts_are_errors(string folds, int expectedCode)
    {
        var (train, test) = TinyPair(Train, "Id,a,b\n13,1.0,x\n");
        var (code, _, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--id", "Id", "--folds", folds, "--epochs", "2", "--out", TempDir());
        Assert.Equal(expectedCode, code);
        Assert.Contains(expectedCode == 2 ? "--folds" : "at most 12", stderr);
        Assert.DoesNotContain("Actual value", stderr); // .NET's own line, which repeats the message
    }

    [Fact]
    public void A_small_classification_pair_works_with_stratified_folds()
    {
        var text = "Id,a,kind\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"{i},{(i % 2 == 0 ? 5 + i % 3 : -5 - i % 3)},{(i % 2 == 0 ? "even" : "odd")}\n"));
        var (train, test) = TinyPair(text, "Id,a\n100,6\n101,-6\n");
        var outDir = TempDir();
        // Two classes would make the task binary; 'classification', the older name of multiclass, trains a two-class softmax.
        var (code, stdout, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "kind", "--id", "Id", "--folds", "3",
            "--task", "classification", "--fold-mode", "stratified", "--seed", "1", "--lr", "0.1", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("multiclass of 'kind' (2 classes)", stdout);
        Assert.Equal(["Id,kind", "100,even", "101,odd"], File.ReadAllLines(Path.Combine(outDir, "submission.csv")));
        // The saved classifier (ONNX scoring, PredictedLabel key → class text) in a fresh process.
        var predicted = Path.Combine(outDir, "pred.csv");
        var (exit, _, err) = FreshProcess.Dive("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", test, "--out", predicted);
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllLines(Path.Combine(outDir, "submission.csv")), File.ReadAllLines(predicted));
    }
}
