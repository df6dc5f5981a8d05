using System.Globalization;
using System.Text.Json.Nodes;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.IO;
using DiveML.Extensions.Kaggle;
using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DiveML.Tests.Samples;

/// <summary>
/// <c>dive kaggle</c> beyond house prices: binary and multiclass tasks, a chosen metric, dropped columns, several models
/// ranked, out-of-fold predictions, fold averages and probabilities — and its refusals, before any training.
/// </summary>
public sealed class KaggleWorkflowTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>A new folder inside the test's scratch folder (deleted with it).</summary>
    private string TempDir() => Directory.CreateDirectory(_scratch[Guid.NewGuid().ToString("N")]).FullName;

    private (string Train, string Test) Pair(string trainText, string testText)
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "train.csv"), trainText);
        File.WriteAllText(Path.Combine(dir, "test.csv"), testText);
        return (Path.Combine(dir, "train.csv"), Path.Combine(dir, "test.csv"));
    }

    /// <summary>12 rows: y = 10·a; b is a text column, c a column to drop.</summary>
    private (string Train, string Test) Regression(int shift = 0)
        => Pair("Id,a,b,c,y\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"{i},{i}.0,{(i % 2 == 0 ? "x" : "y")},n{i},{10 * i + shift}\n")), "Id,a,b,c\n13,1.0,x,n13\n14,2.0,y,n14\n");

    private static JsonNode Json(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "cv-report.json")))!;

    private static string[] Kaggle(string train, string test, string label, params string[] more)
        => ["kaggle", "--train", train, "--test", test, "--label", label, "--id", "Id", .. more];

    [Fact]
    public void Binary_models_are_ranked_by_auc_and_submit_the_positive_class_probability_that_predict_reproduces()
    {
        var outDir = TempDir();
        var oof = Path.Combine(outDir, "oof.csv");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(RepoPaths.Sklearn("breast_cancer", "train.csv"), RepoPaths.Sklearn("breast_cancer", "test.csv"), "target",
            "--models", "lightgbm,sdca", "--folds", "3", "--seed", "1", "--submission", "proba", "--oof", oof, "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Contains("binary of 'target' (positive class 1, negative 0)", stdout);
        Assert.Contains("metric auc", stdout);
        Assert.Contains("best: ", stdout);
        Assert.Contains("corrected p", stdout);
        var json = Json(outDir);
        Assert.Equal("binary", json["task"]!.GetValue<string>());
        Assert.Equal("auc", json["metric"]!.GetValue<string>());
        var models = json["models"]!.AsArray();
        Assert.Equal(["lightgbm", "sdca"], models.Select(m => m!["model"]!.GetValue<string>()).Order());
        Assert.All(json["folds"]!.AsArray(), f => Assert.InRange(f!["valid"]!["auc"]!.GetValue<double>(), 0.9, 1.0));
        Assert.True(File.Exists(Path.Combine(outDir, "models.png")));

        var submission = File.ReadAllLines(Path.Combine(outDir, "submission.csv"));
        Assert.Equal("Id,target", submission[0]);
        Assert.Equal(21, submission.Length);
        Assert.All(submission.Skip(1), l => Assert.InRange(double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture), 0.0, 1.0));

        // Out of fold: one row per training row, in order, with the fold (3 contiguous blocks of 190, 190, 189) that held it out.
        var rows = File.ReadAllLines(oof);
        Assert.Equal("Id,target,fold", rows[0]);
        Assert.Equal(1 + 569, rows.Length);
        Assert.Equal(Enumerable.Range(1, 569).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r.Split(',')[0]));
        Assert.Equal(FoldAssignment.Assign(569, 3, FoldMode.Contiguous).Select(f => (f + 1).ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r.Split(',')[2]));

        var predicted = Path.Combine(outDir, "pred.csv");
        var (exit, _, err) = CliTests.Run("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", RepoPaths.Sklearn("breast_cancer", "test.csv"), "--out", predicted, "--submission", "proba");
        Assert.True(exit == 0, err);
        Assert.Equal(submission, File.ReadAllLines(predicted));
        (exit, _, err) = CliTests.Run("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", RepoPaths.Sklearn("breast_cancer", "test.csv"), "--out", predicted);
        Assert.True(exit == 0, err);
        var labels = File.ReadAllLines(predicted);
        Assert.Equal("Id,target", labels[0]);
        Assert.All(labels.Skip(1).Zip(submission.Skip(1)), p =>
            Assert.Equal(double.Parse(p.Second.Split(',')[1], CultureInfo.InvariantCulture) > 0.5 ? "1" : "0", p.First.Split(',')[1]));
    }

    [Fact]
    public void Lightgbm_through_dive_scores_every_fold_as_ml_net_does_on_the_same_features()
    {
        var outDir = TempDir();
        string train = RepoPaths.Sklearn("breast_cancer", "train.csv"), test = RepoPaths.Sklearn("breast_cancer", "test.csv");
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, "target", "--models", "lightgbm", "--folds", "3", "--seed", "7", "--out", outDir));
        Assert.True(code == 0, stderr);
        var folds = Json(outDir)["folds"]!.AsArray();

        var ml = new MLContext(0);
        var data = TabularData.Load(train, test, "target", "Id", TabularTask.Binary);
        var labelled = TabularPipeline.PrepareLabels(ml, data, logTarget: false).Transform(data.Train);
        var assignment = FoldAssignment.Assign(569, 3, FoldMode.Contiguous);
        for (int fold = 0; fold < 3; fold++)
        {
            var trainPart = new RowSubsetDataView(labelled, assignment.Select(a => a != fold).ToArray());
            var validPart = new RowSubsetDataView(labelled, assignment.Select(a => a == fold).ToArray());
            var features = TabularPipeline.Featurizer(ml, data).Fit(trainPart);
            var model = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = 31, LearningRate = 0.1, NumberOfIterations = 100, MinimumExampleCountPerLeaf = 20, Seed = 7, Deterministic = true,
                Booster = new GradientBooster.Options { L2Regularization = 0, MinimumChildWeight = 1e-3 },
            }).Fit(features.Transform(trainPart));
            var direct = ml.BinaryClassification.Evaluate(model.Transform(features.Transform(validPart)));
            var dive = folds[fold]!["valid"]!;
            Assert.Equal(direct.AreaUnderRocCurve, dive["auc"]!.GetValue<double>(), 12);
            Assert.Equal(direct.Accuracy, dive["accuracy"]!.GetValue<double>(), 12);
            Assert.Equal(direct.F1Score, dive["f1"]!.GetValue<double>(), 12);
        }
    }

    [Fact]
    public void Fasttree_through_dive_scores_every_fold_as_ml_net_does_on_the_same_features()
    {
        var outDir = TempDir();
        string train = RepoPaths.Sklearn("diabetes", "train.csv"), test = RepoPaths.Sklearn("diabetes", "test.csv");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "target", "--models", "fasttree", "--folds", "3", "--seed", "7", "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Contains("regression of 'target'", stdout);
        var folds = Json(outDir)["folds"]!.AsArray();

        var ml = new MLContext(0);
        var data = TabularData.Load(train, test, "target", "Id", TabularTask.Auto);
        var labelled = TabularPipeline.PrepareLabels(ml, data, logTarget: false).Transform(data.Train);
        var assignment = FoldAssignment.Assign(442, 3, FoldMode.Contiguous);
        for (int fold = 0; fold < 3; fold++)
        {
            var trainPart = new RowSubsetDataView(labelled, assignment.Select(a => a != fold).ToArray());
            var validPart = new RowSubsetDataView(labelled, assignment.Select(a => a == fold).ToArray());
            var features = TabularPipeline.Featurizer(ml, data).Fit(trainPart);
            var model = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { Seed = 7 }).Fit(features.Transform(trainPart));
            var direct = ml.Regression.Evaluate(model.Transform(features.Transform(validPart)));
            var dive = folds[fold]!["valid"]!;
            Assert.Equal(direct.RootMeanSquaredError, dive["rmse"]!.GetValue<double>(), 3);
            Assert.Equal(direct.MeanAbsoluteError, dive["mae"]!.GetValue<double>(), 3);
            Assert.Equal(direct.RSquared, dive["r2"]!.GetValue<double>(), 6);
        }
    }

    [Fact]
    public void Multiclass_probabilities_are_one_column_per_class_in_the_training_files_class_order()
    {
        // Classes first occur as c, a, b: the columns keep that order, not the alphabetical one.
        static string Row(int i, int k) => string.Create(CultureInfo.InvariantCulture, $"{i},{k * 4 + i % 5 * 0.1},{(k == 1 ? 3 : -1) + i % 4 * 0.1},{"cab"[k]}\n");
        var text = "Id,u,v,kind\n" + string.Concat(Enumerable.Range(1, 30).Select(i => Row(i, (i + 2) % 3)));
        var (train, test) = Pair(text, "Id,u,v\n100,0.1,-1\n101,4.2,3\n");
        var outDir = TempDir();
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "kind", "--models", "sdca", "--folds", "3", "--fold-mode", "stratified", "--submission", "proba", "--metric", "macro_f1", "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Contains("multiclass of 'kind' (3 classes)", stdout);
        Assert.Equal("macro_f1", Json(outDir)["metric"]!.GetValue<string>());
        var submission = File.ReadAllLines(Path.Combine(outDir, "submission.csv"));
        Assert.Equal("Id,c,a,b", submission[0]);
        Assert.All(submission.Skip(1), l => Assert.Equal(1.0, l.Split(',').Skip(1).Sum(v => double.Parse(v, CultureInfo.InvariantCulture)), 5));
        var labels = Path.Combine(outDir, "labels.csv");
        Assert.Equal(0, CliTests.Run("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", test, "--out", labels).Code);
        Assert.Equal(["Id,kind", "100,c", "101,a"], File.ReadAllLines(labels)); // u≈0, v≈−1 is class c; u≈4, v≈3 is a
    }

    [Fact]
    public void Fold_average_submits_the_mean_of_the_fold_models_which_predict_reproduces_in_a_fresh_process()
    {
        var outDir = TempDir();
        string train = RepoPaths.Sklearn("wine", "train.csv"), test = RepoPaths.Sklearn("wine", "test.csv");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "target", "--models", "sdca", "--folds", "3", "--fold-mode", "stratified", "--fold-average", "--submission", "proba", "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Contains("mean of the fold models", stdout);
        // One file: the three fold models and their description.
        var folds = DiveModelFile.LoadAll(new MLContext(0), Path.Combine(outDir, "model.zip"), out _, out var metadata);
        Assert.Equal(3, folds.Count);
        Assert.Equal(["0", "1", "2"], metadata!.Read<TabularModelInfo>().Classes);
        Assert.False(File.Exists(Path.Combine(outDir, "model.json")));
        var predicted = Path.Combine(outDir, "pred.csv");
        var (exit, output, err) = FreshProcess.Dive("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", test, "--out", predicted, "--submission", "proba");
        Assert.True(exit == 0, err);
        Assert.Contains("mean of 3 fold models", output);
        Assert.Equal(File.ReadAllLines(Path.Combine(outDir, "submission.csv")), File.ReadAllLines(predicted));
    }

    [Fact]
    public void Dropped_columns_are_not_features_and_early_stopping_is_reported_per_fold()
    {
        var (train, test) = Regression();
        var outDir = TempDir();
        var oof = Path.Combine(outDir, "oof.csv");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", "--drop", "c,b", "--models", "mlp", "--ensemble", "1", "--epochs", "40", "--early-stopping", "2",
            "--validation-fraction", "0.25", "--folds", "3", "--fold-mode", "shuffled", "--seed", "3", "--oof", oof, "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Contains("from 1 numeric and 0 text features (dropped: c, b)", stdout);
        Assert.Contains("early stopping (patience 2, 0.25 held out)", stdout);
        Assert.Contains("refit on all rows for ", stdout);
        var json = Json(outDir);
        Assert.All(json["folds"]!.AsArray(), f => Assert.InRange(f!["best_epoch"]!.GetValue<int>(), 1, 40));
        Assert.NotNull(json["refit_epochs"]);
        var rows = File.ReadAllLines(oof).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(12, rows.Length);
        Assert.Equal(FoldAssignment.Assign(12, 3, FoldMode.Shuffled, seed: 3).Select(f => (f + 1).ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[2]));
        // The test file may lack a dropped column: it is not needed to predict.
        var lean = Path.Combine(outDir, "lean.csv");
        File.WriteAllText(lean, "Id,a,b\n20,3.0,x\n");
        Assert.Equal(0, CliTests.Run("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", lean, "--out", Path.Combine(outDir, "lean-pred.csv")).Code);
    }

    [Fact]
    public void C01_a_dropped_column_that_does_not_exist_is_named_before_any_training()
    {
        var (train, test) = Regression();
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", "--drop", "c,Nmae", "--out", TempDir()));
        Assert.Equal(1, code);
        Assert.Contains("Cannot drop column 'Nmae'", stderr);
        Assert.Contains("Its columns are: Id, a, b, c, y", stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Fact]
    public void C20_a_test_column_the_training_file_lacks_is_refused_with_the_drop_that_leaves_it_out()
    {
        var (train, _) = Regression();
        var (_, test) = Pair("", "Id,a,b,c,note\n13,1.0,x,n13,late\n14,2.0,y,n14,\n");
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", "--epochs", "2", "--folds", "2", "--out", TempDir()));
        Assert.Equal(1, code);
        Assert.Contains("Unexpected: note. To leave it out, name it among the dropped columns (--drop note).", stderr);
        Assert.DoesNotContain("fold", stdout);
        var outDir = TempDir();
        (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", "--epochs", "2", "--folds", "2", "--drop", "note", "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "submission.csv")).Length);
        // Dropping the id as well (whole numbers here) changes nothing: the id is never a feature and always read as text.
        (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", "--epochs", "2", "--folds", "2", "--drop", "note,Id", "--out", TempDir()));
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void C21_numbers_read_as_text_because_of_a_placeholder_are_warned_of_with_its_line()
    {
        // 'a' holds numbers and one '?' (UCI's missing marker): pandas reads it as text, and so does dive, but says so.
        var (train, test) = Pair("Id,a,b,y\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"{i},{(i == 4 ? "?" : $"{i}.5")},{(i % 2 == 0 ? "x" : "y")},{10 * i}\n")),
            "Id,a,b\n13,1.5,x\n");
        var (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", "--epochs", "2", "--folds", "2", "--out", TempDir()));
        Assert.True(code == 0, stderr);
        var warning = Assert.Single(CliTests.Lines(stderr), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("column 'a' of", warning);
        Assert.Contains("'?' (line 5)", warning);
        Assert.DoesNotContain("column 'b'", stderr); // a text column of words is no such case
    }

    [Fact]
    public void C02_log_rmse_on_a_label_that_is_not_positive_names_the_column_and_its_smallest_value()
    {
        var (train, test) = Regression(shift: -50); // y = 10·i − 50: from −40 up
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", "--metric", "log_rmse", "--out", TempDir()));
        Assert.Equal(1, code);
        Assert.Contains("log_rmse takes the log of the label, but column 'y'", stderr);
        Assert.Contains("the smallest is -40 (line 2). Use --metric rmse or mae.", stderr);
        Assert.DoesNotContain("fold", stdout);
        // The log of a --log-target run is the option's doing: the remedy is to drop it, whatever the metric.
        (code, _, stderr) = CliTests.Run(Kaggle(train, test, "y", "--log-target", "--out", TempDir()));
        Assert.Equal(1, code);
        Assert.Contains("--log-target takes the log of the label", stderr);
        Assert.Contains("Run without --log-target.", stderr);
        Assert.Equal(0, CliTests.Run(Kaggle(train, test, "y", "--epochs", "2", "--folds", "2", "--out", TempDir())).Code); // rmse, the default, is fine
    }

    public static TheoryData<string[], string> Refusals() => new()
    {
        // An explicit task: judged at parse time.
        { ["--task", "regression", "--metric", "auc"], "--metric 'auc' is a binary metric, not a regression one; use one of rmse, mae, r2, log_rmse" },
        { ["--task", "binary", "--models", "linear"], "--models linear is for regression tasks, and this is a binary task" },
        { ["--task", "regression", "--submission", "proba"], "--submission proba applies to classification" },
        { ["--models", "lightgbm", "--lr", "0.1"], "--lr applies to the networks" },
        { ["--model", "mlp", "--models", "mlp,lightgbm"], "--model and --models both name the models" },
        { ["--validation-fraction", "0.2"], "--validation-fraction applies with --early-stopping only" },
        { ["--models", "mlp,mlp"], "--models must be names from" },
        // An auto task: judged once the label is read, still before any training.
        { ["--metric", "accuracy"], "--metric 'accuracy' is a binary and multiclass metric, not a regression one" },
        { ["--models", "softmax"], "--models softmax is for multiclass tasks, and this is a regression task" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void C03_options_the_task_cannot_use_are_usage_errors(string[] options, string message)
    {
        var (train, test) = Regression();
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "y", [.. options, "--out", TempDir()]));
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("fold", stdout);
    }

    [Fact]
    public void Binary_networks_train_next_to_ml_net_models_and_logistic_is_the_binary_default()
    {
        var text = "Id,a,k\n" + string.Concat(Enumerable.Range(1, 24).Select(i => $"{i},{(i % 2 == 0 ? 1 : -1) * (i % 5 + 1)},{(i % 2 == 0 ? "yes" : "no")}\n"));
        var (train, test) = Pair(text, "Id,a\n30,4\n31,-3\n");
        var outDir = TempDir();
        var (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "k", "--models", "logistic,mlp,sdca", "--ensemble", "1", "--epochs", "30", "--lr", "0.1",
            "--early-stopping", "3", "--folds", "3", "--seed", "2", "--submission", "proba", "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Contains("binary of 'k' (positive class yes, negative no)", stdout);
        var json = Json(outDir);
        Assert.Equal(["logistic", "mlp", "sdca"], json["models"]!.AsArray().Select(m => m!["model"]!.GetValue<string>()).Order());
        var networks = json["models"]!.AsArray().Where(m => m!["model"]!.GetValue<string>() != "sdca").ToArray();
        Assert.All(networks, m => Assert.All(m!["folds"]!.AsArray(), f => Assert.NotNull(f!["best_epoch"]))); // stratified on the 0/1 label
        var submission = File.ReadAllLines(Path.Combine(outDir, "submission.csv"));
        Assert.Equal("Id,k", submission[0]);
        Assert.True(double.Parse(submission[1].Split(',')[1], CultureInfo.InvariantCulture) > 0.5); // a = 4: yes
        Assert.True(double.Parse(submission[2].Split(',')[1], CultureInfo.InvariantCulture) < 0.5);
        var labels = Path.Combine(outDir, "labels.csv");
        Assert.Equal(0, CliTests.Run("predict", "--model", Path.Combine(outDir, "model.zip"), "--data", test, "--out", labels).Code);
        Assert.Equal(["Id,k", "30,yes", "31,no"], File.ReadAllLines(labels));

        var defaults = TempDir();
        (code, stdout, stderr) = CliTests.Run(Kaggle(train, test, "k", "--folds", "2", "--epochs", "5", "--out", defaults));
        Assert.True(code == 0, stderr);
        Assert.Contains("logistic: logistic (", stdout);
    }
}
