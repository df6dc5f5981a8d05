using System.Globalization;
using System.Text.Json.Nodes;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Samples;

/// <summary>
/// docs/bad-inputs.md, "Training and test files": what <c>dive kaggle</c> and <c>dive predict</c> do with training and
/// test files a careless user can give them. One test per row, named by its id; each fails without its fix.
/// </summary>
public class KaggleBadInputTests
{
    private static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(1, count).Select(i => row(i) + "\n"));

    /// <summary>The issue's file: a feature named Target next to x, y = 100 + 7i.</summary>
    private static string TargetTrain => "Id,x,Target,y\n" + Rows(20, i => $"{i},{i},{i % 3},{100 + 7 * i}");

    private static string[] Kaggle(string train, string test, string label, string outDir, params string[] more)
        => ["kaggle", "--train", train, "--test", test, "--label", label, "--id", "Id", "--epochs", "2", "--folds", "2", "--seed", "1", .. more, "--out", outDir];

    private static JsonNode Report(string outDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "cv-report.json")))!;

    /// <summary>Every held-out metric of every model is a number (the report writes an undefined one as null).</summary>
    private static void AssertFiniteReport(string outDir, params string[] metrics)
    {
        foreach (var model in Report(outDir)["models"]!.AsArray())
            foreach (var fold in model!["folds"]!.AsArray())
                foreach (var metric in metrics)
                    Assert.True(fold!["valid"]![metric] is JsonValue v && double.IsFinite(v.GetValue<double>()), $"{model["model"]}: valid {metric} of fold {fold["fold"]} is {fold["valid"]![metric]}");
    }

    /// <summary>Trains, then checks that 'dive predict' with the saved model gives the submission again.</summary>
    private static void AssertPredictReproduces(string outDir, string test)
    {
        var predicted = Path.Combine(outDir, "pred.csv");
        var (code, _, err) = CliTests.Run("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", test, "--out", predicted);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllLines(Path.Combine(outDir, "submission.csv")), File.ReadAllLines(predicted));
    }

    [Fact]
    public void D21_a_feature_named_like_the_pipelines_target_is_a_feature_and_the_report_is_finite()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", TargetTrain);
        var test = dir.Write("s.csv", "Id,x,Target\n21,21,1\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"], "--task", "regression"));
        Assert.True(code == 0, stderr);
        Assert.Contains("from 2 numeric and 0 text features", stdout);
        AssertFiniteReport(dir["o"], "rmse", "mae", "r2");
        Assert.Equal("Id,y", File.ReadLines(dir["o/submission.csv"]).First());
        AssertPredictReproduces(dir["o"], test);
    }

    public static TheoryData<string, string, string[]> Tasks() => new()
    {
        { "regression", "rmse", ["--models", "linear,sdca"] },
        { "binary", "auc", ["--models", "logistic,lightgbm"] },
        { "multiclass", "accuracy", ["--models", "softmax,fasttree", "--fold-mode", "stratified"] },
    };

    [Theory]
    [MemberData(nameof(Tasks))]
    public void D22_features_named_like_every_column_the_pipeline_or_a_trainer_adds_are_features(string task, string metric, string[] models)
    {
        using var dir = new ScratchFolder();
        string Label(int i) => task switch { "regression" => (10 * i + i % 4).ToString(CultureInfo.InvariantCulture), "binary" => i % 2 == 0 ? "yes" : "no", _ => "abc"[i % 3].ToString() };
        // Label_1 too: the pipeline's label is then Label_2.
        const string header = "Id,Label,Features,Score,Prediction,PredictedLabel,Probability,DiveNetworkOutput,Target,Label_1";
        var train = dir.Write("t.csv", header + ",y\n" +
            Rows(30, i => $"{i},{i},{i % 5},{-i},{(i % 2 == 0 ? "p" : "q")},{(i % 3 == 0 ? "r" : "s")},{(i % 2 == 0 ? "True" : "False")},{i * 0.5},{i % 7},{i % 4},{Label(i)}"));
        var test = dir.Write("s.csv", header + "\n" + string.Concat(Enumerable.Range(31, 3).Select(i => $"{i},{i},{i % 5},{-i},p,r,True,{i * 0.5},{i % 7},{i % 4}\n")));
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"], ["--task", task, "--ensemble", "1", .. models]));
        Assert.True(code == 0, stderr);
        Assert.Contains("from 7 numeric and 2 text features", stdout);
        AssertFiniteReport(dir["o"], metric);
        var submission = File.ReadAllLines(dir["o/submission.csv"]);
        Assert.Equal(["Id,y", "31", "32", "33"], submission.Select((l, i) => i == 0 ? l : l.Split(',')[0]));
        AssertPredictReproduces(dir["o"], test);
    }

    [Theory]
    [InlineData("Target", "regression")]
    [InlineData("Label", "regression")]
    [InlineData("Label", "binary")]
    [InlineData("Features", "multiclass")]
    [InlineData("Prediction", "binary")]
    [InlineData("Score", "multiclass")]
    public void D23_a_label_named_like_a_column_the_pipeline_adds_is_predicted_under_its_own_name(string label, string task)
    {
        using var dir = new ScratchFolder();
        string Value(int i) => task switch { "regression" => (3 * i).ToString(CultureInfo.InvariantCulture), "binary" => i % 2 == 0 ? "1" : "0", _ => "uvw"[i % 3].ToString() };
        var train = dir.Write("t.csv", $"Id,a,b,{label}\n" + Rows(24, i => $"{i},{i % 6},{(i % 2 == 0 ? "x" : "y")},{Value(i)}"));
        var test = dir.Write("s.csv", "Id,a,b\n25,1,x\n26,4,y\n");
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, label, dir["o"], "--task", task));
        Assert.True(code == 0, stderr);
        Assert.Equal($"Id,{label}", File.ReadLines(dir["o/submission.csv"]).First());
        AssertFiniteReport(dir["o"], task == "regression" ? "rmse" : "accuracy");
        AssertPredictReproduces(dir["o"], test);
    }

    private static string Regression => "Id,x,y\n" + Rows(20, i => $"{i},{i},{100 + 7 * i}");

    [Fact]
    public void D24_infinite_test_values_that_make_predictions_infinite_are_named_and_nothing_is_written()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", Regression);
        var test = dir.Write("s.csv", "Id,x\n21,inf\n22,5\n23,1e400\n24,-inf\n");
        // A previous run's outputs in --out stay as they were: the run's outputs are one unit.
        Directory.CreateDirectory(dir["o"]);
        File.WriteAllText(dir["o/submission.csv"], "previous");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        var line = Assert.Single(CliTests.Lines(stderr));
        Assert.Contains("not a finite number for 3 rows of " + test + ", so nothing was written", line);
        Assert.Contains("Id 21 (line 2: x = inf); Id 23 (line 4: x = inf); Id 24 (line 5: x = -inf)", line);
        Assert.DoesNotContain("Id 22", line);
        Assert.DoesNotContain("wrote", stdout);
        Assert.Equal(["submission.csv"], Directory.GetFileSystemEntries(dir["o"]).Select(Path.GetFileName));
        Assert.Equal("previous", File.ReadAllText(dir["o/submission.csv"]));
    }

    [Fact]
    public void D25_dive_predict_names_rows_whose_prediction_is_not_finite_and_writes_nothing()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", Regression);
        var test = dir.Write("s.csv", "Id,x\n21,3\n");
        Assert.Equal(0, CliTests.Run(Kaggle(train, test, "y", dir["o"])).Code);
        var bad = dir.Write("bad.csv", "Id,x\n7,1\n8,1e400\n");
        var (code, _, stderr) = CliTests.Run("predict", "--model", dir["o/model.zip"], "--data", bad, "--out", dir["pred.csv"]);
        Assert.Equal(1, code);
        Assert.Contains($"not a finite number for 1 row of {bad}, so {dir["pred.csv"]} was not written: Id 8 (line 3: x = inf)", stderr);
        Assert.False(File.Exists(dir["pred.csv"]));
    }

    [Fact]
    public void D26_an_infinite_training_feature_is_named_by_line_and_column_before_any_training()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n" + Rows(20, i => $"{i},{(i == 5 ? "1e400" : i == 9 ? "-inf" : i.ToString(CultureInfo.InvariantCulture))},{100 + 7 * i}"));
        var test = dir.Write("s.csv", "Id,x\n21,3\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{train} line 6, column 'x': the value is infinite", stderr);
        Assert.Contains("(and 1 more row)", stderr);
        Assert.DoesNotContain("Features", stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Fact]
    public void D27_an_infinite_regression_label_is_named_by_line_before_any_training()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n" + Rows(20, i => $"{i},{i},{(i == 5 ? "inf" : (100 + 7 * i).ToString(CultureInfo.InvariantCulture))}"));
        var test = dir.Write("s.csv", "Id,x\n21,3\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{train} line 6: the label 'y' is infinite", stderr);
        Assert.DoesNotContain("'Label'", stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Fact]
    public void D28_a_missing_label_is_named_by_the_files_line_even_after_a_quoted_line_break()
    {
        using var dir = new ScratchFolder();
        // Row 1 spans two lines, so row 5 starts on line 7, not 6.
        var train = dir.Write("t.csv", "Id,note,y\n" + Rows(12, i => $"{i},{(i == 1 ? "\"two\nlines\"" : "n")},{(i == 5 ? "" : (3 * i).ToString(CultureInfo.InvariantCulture))}"));
        var test = dir.Write("s.csv", "Id,note\n13,n\n");
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"], "--task", "regression"));
        Assert.Equal(1, code);
        Assert.Contains($"{train} line 7: the label 'y' is missing", stderr);
    }

    [Fact]
    public void D29_a_text_label_for_a_regression_says_which_tasks_predict_it()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n" + Rows(20, i => $"{i},{i},v{i % 4}"));
        var test = dir.Write("s.csv", "Id,x\n21,3\n");
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"], "--task", "regression"));
        Assert.Equal(1, code);
        Assert.Contains($"Label 'y' of {train} is text, and regression predicts a number. Predict it as classes instead (task binary or multiclass).", stderr);
    }

    [Fact]
    public void D30_a_class_label_with_one_class_is_named_with_its_value()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n" + Rows(20, i => $"{i},{i},a"));
        var test = dir.Write("s.csv", "Id,x\n21,3\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"Label 'y' of {train} has one value only ('a'): a classifier needs at least two classes", stderr);
        Assert.DoesNotContain("MapValueToKey", stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Fact]
    public void D31_repeated_test_ids_are_named_with_their_lines_before_any_training()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", Regression);
        var test = dir.Write("s.csv", "Id,x\n21,1\n22,2\n21,3\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{test}: an id occurs more than once in column 'Id': '21' on lines 2, 4.", stderr);
        Assert.DoesNotContain("fold", stdout);
        Assert.False(Directory.Exists(dir["o"]));
    }

    [Fact]
    public void D32_an_empty_test_id_is_named_with_its_line_before_any_training()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", Regression);
        var test = dir.Write("s.csv", "Id,x\n21,1\n,2\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{test}: the id column 'Id' is empty on line 3.", stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Fact]
    public void D33_a_missing_value_in_a_true_false_test_column_is_filled_like_a_number_in_dive_kaggle_and_dive_predict()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,b,y\n" + Rows(20, i => $"{i},{i},{(i % 2 == 0 ? "True" : "False")},{100 + 7 * i + (i % 2) * 30}"));
        var test = dir.Write("s.csv", "Id,x,b\n21,21,\n22,3,True\n");
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.True(code == 0, stderr);
        var submission = File.ReadAllLines(dir["o/submission.csv"]);
        Assert.Equal(3, submission.Length);
        Assert.All(submission.Skip(1), l => Assert.True(double.IsFinite(double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture))));
        AssertPredictReproduces(dir["o"], test);
        // The model reads True/False as saved; a file without a missing value there reads as Boolean, and is accepted too.
        var clean = dir.Write("clean.csv", "Id,x,b\n30,2,False\n");
        Assert.Equal(0, CliTests.Run("predict", "--model", dir["o/model.zip"], "--data", clean, "--out", dir["clean-pred.csv"]).Code);
    }

    [Fact]
    public void D34_a_header_only_training_file_is_named_as_the_training_file()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n");
        var test = dir.Write("s.csv", "Id,x\n21,3\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{train}: the file has a header (3 columns) but no data rows", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public void D35_a_header_only_test_file_is_refused_as_there_is_nothing_to_predict()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", Regression);
        var test = dir.Write("s.csv", "Id,x\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{test}: the file has a header (2 columns) but no data rows", stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Theory]
    [InlineData("Id,x,b\n21,abc,True\n", "line 2, column 'x': value 'abc' does not fit: the column holds numbers in the training file")]
    [InlineData("Id,x,b\n21,1,True\n22,2,maybe\n", "line 3, column 'b': value 'maybe' does not fit: the column holds True/False values in the training file")]
    public void D36_a_test_value_that_does_not_fit_the_training_files_type_says_what_the_training_file_holds(string testText, string message)
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,b,y\n" + Rows(20, i => $"{i},{i},{(i % 2 == 0 ? "True" : "False")},{100 + 7 * i}"));
        var test = dir.Write("s.csv", testText);
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{test}, {message} {train}. Correct the value, or leave the cell empty for a missing value.", stderr);
        Assert.DoesNotContain("Force", stderr);
    }

    [Fact]
    public void D38_a_test_value_in_a_column_empty_in_the_training_file_is_explained_by_the_empty_column()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,e,y\n" + Rows(20, i => $"{i},{i},,{100 + 7 * i}"));
        var test = dir.Write("s.csv", "Id,x,e\n21,3,abc\n");
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"]));
        Assert.Equal(1, code);
        Assert.Contains($"{test}, line 2, column 'e': value 'abc' does not fit: the column has no values in the training file {train}, which reads it as numbers", stderr);
        Assert.DoesNotContain("holds numbers", stderr);
        // Dropped, the column is not read, in either file.
        (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", dir["o"], "--drop", "e"));
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void D37_dive_predict_checks_the_file_against_the_columns_and_types_the_model_was_saved_with()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,kind,y\n" + Rows(20, i => $"{i},{i},{(i % 2 == 0 ? "a" : "b")},{100 + 7 * i}"));
        var test = dir.Write("s.csv", "Id,x,kind\n21,3,a\n");
        Assert.Equal(0, CliTests.Run(Kaggle(train, test, "y", dir["o"])).Code);
        string Predict(string text)
        {
            var data = dir.Write("data.csv", text);
            var (code, _, stderr) = CliTests.Run("predict", "--model", dir["o/model.zip"], "--data", data, "--out", dir["pred.csv"]);
            Assert.Equal(1, code);
            Assert.False(File.Exists(dir["pred.csv"]));
            return stderr;
        }
        var missing = Predict("Id,x\n1,2\n");
        Assert.Contains($"{dir["data.csv"]} has no column 'kind', which the model reads: it was trained on the training file t.csv and reads its columns but the label 'y' (Id, x, kind)", missing);
        Assert.DoesNotContain("ColumnTypes", missing);
        var wrongType = Predict("Id,x,kind\n1,two,a\n");
        Assert.Contains($"{dir["data.csv"]}, line 2, column 'x': value 'two' does not fit: the column holds numbers in the training file t.csv", wrongType);
        // Extra columns (here the label) are not read.
        var (ok, _, err) = CliTests.Run("predict", "--model", dir["o/model.zip"], "--data", train, "--out", dir["train-pred.csv"]);
        Assert.True(ok == 0, err);
    }
}
