using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Plots;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Extensions;

/// <summary>Several models on the same folds: ranking, paired tests, the refit of an early-stopped network, the report files.</summary>
public class ModelComparisonTests
{
    private sealed class Row
    {
        public float X { get; set; }
        public float Label { get; set; }
    }

    /// <summary>A "model" that predicts Score = factor · X: nothing is learned, so every fold score is known.</summary>
    private static GridCandidate Scaled(MLContext ml, string name, double factor)
        => new(name, ml.Transforms.Expression("Score", $"x => {factor.ToString(System.Globalization.CultureInfo.InvariantCulture)} * x", "X"));

    [Fact]
    public void Models_are_ranked_in_the_metrics_direction_and_tested_against_the_best_on_the_same_folds()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(1, 10).Select(i => new Row { X = i, Label = i }));
        var options = new CrossValidationOptions { Folds = 5, PrimaryMetric = "mae" };
        var result = GridSearch.Run(ml, data, [Scaled(ml, "double", 2), Scaled(ml, "exact", 1), Scaled(ml, "half", 0.5)], options);
        Assert.Equal(["exact", "half", "double"], result.Comparison.Select(s => s.Name));
        Assert.Equal([1, 2, 3], result.Comparison.Select(s => s.Rank));
        Assert.Null(result.Comparison[0].VersusBest);
        // "half" errs by x/2 on each fold (folds {1,2}, {3,4}, …): per-fold MAE 0.75, 1.75, …; the best errs by 0.
        var half = result.Comparison[1];
        Assert.Equal([0.75, 1.75, 2.75, 3.75, 4.75], half.FoldScores.Select(v => Math.Round(v, 12)));
        var expected = PairedTest.Compare(half.FoldScores, [0, 0, 0, 0, 0]);
        Assert.Equal(expected, half.VersusBest);
        Assert.Equal(2.75, half.VersusBest!.MeanDifference, 12);
        Assert.Equal(half.Report.Ci95["valid"]["mae"], half.Ci95, 12);
        Assert.Equal(result.Ranked[0].Report, result.Comparison[0].Report);
        Assert.Equal("exact", result.Best.Name);
    }

    [Fact]
    public void Higher_is_better_metrics_rank_descending_and_undefined_means_rank_last()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(1, 6).Select(i => new Row { X = i, Label = i }));
        var r2 = GridSearch.Run(ml, data, [Scaled(ml, "double", 2), Scaled(ml, "exact", 1)], new CrossValidationOptions { Folds = 3, PrimaryMetric = "r2" }, refit: false);
        Assert.Equal("exact", r2.Best.Name);
        Assert.Null(r2.BestModel);
        // A constant target makes R² undefined (NaN): such a model cannot win.
        var flat = ml.Data.LoadFromEnumerable(Enumerable.Range(1, 6).Select(i => new Row { X = i, Label = 3 }));
        var reports = new[] { ("a", CrossValidator.Run(ml, flat, Scaled(ml, "a", 1).Featurizer, _ => Scaled(ml, "a", 1).Trainer(null), new CrossValidationOptions { Folds = 3, PrimaryMetric = "r2" })) };
        Assert.True(double.IsNaN(ModelComparison.Rank(reports)[0].Mean));
    }

    [Fact]
    public void The_refit_of_an_early_stopped_network_trains_for_the_median_best_epoch()
    {
        var ml = new MLContext(0);
        var data = Overfittable(60, seed: 2);
        var options = new MlpOptions
        {
            HiddenLayers = [64], Epochs = 300, LearningRate = 0.02, Optimizer = OptimizerKind.Adam, BatchSize = 16, Seed = 1,
            EarlyStopping = new EarlyStoppingOptions { Patience = 5, ValidationFraction = 0.25 },
        };
        var candidate = GridCandidate.ForNetwork("mlp", new EstimatorChain<ITransformer>(), options, o => ml.Regression.Trainers.TorchMlp((MlpOptions)o));
        var result = GridSearch.Run(ml, data, [candidate], new CrossValidationOptions { Folds = 3, KeepFoldModels = true });
        var report = result.Ranked[0].Report;
        var best = report.Folds.Select(f => f.BestEpoch!.Value).Order().ToArray();
        Assert.Equal(best[1], report.RefitEpochs);
        Assert.Equal(report.RefitEpochs, result.RefitEpochs);
        Assert.All(report.Folds, f => Assert.True(f.History!.Count < 300, "the folds stop early"));
        var refit = CrossValidator.FindNetwork(result.BestModel!)!;
        Assert.Equal(report.RefitEpochs, refit.History.Count); // all rows, no early stopping, the median epoch count
        Assert.Null(refit.BestEpoch);
        Assert.Equal(300, options.Epochs); // the candidate's options are not changed

        // Early stopping never looks at the fold being evaluated: its rows come out of the fold's training part.
        var assignment = FoldAssignment.Assign(60, 3, FoldMode.Contiguous);
        foreach (var fold in report.Folds)
        {
            var trainingRows = Enumerable.Range(0, 60).Where(i => assignment[i] != fold.Fold - 1).ToArray();
            var stoppingRows = CrossValidator.FindNetwork(fold.Model!)!.EarlyStoppingRows!.Select(p => trainingRows[p]).ToArray();
            Assert.Equal(10, stoppingRows.Length); // a quarter of the 40 training rows
            Assert.All(stoppingRows, row => Assert.NotEqual(fold.Fold - 1, assignment[row]));
        }
    }

    [Fact]
    public void Reports_carry_the_models_and_best_epochs_and_the_fold_plot_is_written()
    {
        var ml = new MLContext(0);
        var data = Overfittable(45, seed: 4);
        var options = new MlpOptions { HiddenLayers = [32], Epochs = 200, LearningRate = 0.02, Optimizer = OptimizerKind.Adam, BatchSize = 16, Seed = 3, EarlyStopping = new EarlyStoppingOptions { Patience = 3 } };
        var network = GridCandidate.ForNetwork("mlp", new EstimatorChain<ITransformer>(), options, o => ml.Regression.Trainers.TorchMlp((MlpOptions)o));
        var sdca = new GridCandidate("sdca", ml.Regression.Trainers.Sdca(new Microsoft.ML.Trainers.SdcaRegressionTrainer.Options { NumberOfThreads = 1 }));
        var result = GridSearch.Run(ml, data, [network, sdca], new CrossValidationOptions { Folds = 3 }, refit: false);
        var json = System.Text.Json.Nodes.JsonNode.Parse(ReportWriter.Json(result.Ranked[0].Report, result.Comparison))!;
        Assert.Equal("rmse", json["metric"]!.GetValue<string>());
        var models = json["models"]!.AsArray();
        Assert.Equal(result.Comparison.Select(s => s.Name), models.Select(m => m!["model"]!.GetValue<string>()));
        var mlp = models.Single(m => m!["model"]!.GetValue<string>() == "mlp")!;
        var mlpReport = result.Ranked.Single(r => r.Candidate.Name == "mlp").Report;
        Assert.Equal(mlpReport.Folds.Select(f => f.BestEpoch), mlp["folds"]!.AsArray().Select(f => (int?)f!["best_epoch"]!.GetValue<int>()));
        Assert.Equal(mlpReport.RefitEpochs, mlp["refit_epochs"]!.GetValue<int>());
        Assert.Equal(mlpReport.Mean["valid"]["rmse"], mlp["mean"]!["valid"]!["rmse"]!.GetValue<double>());
        Assert.Null(mlp["folds"]![0]!["history"]); // histories stay at the top level
        var second = models[1]!;
        Assert.Equal(result.Comparison[1].VersusBest!.CorrectedP, second["versus_best"]!["corrected_p"]!.GetValue<double>());
        var markdown = ReportWriter.ComparisonMarkdown(result.Comparison);
        Assert.Contains("| 1 | " + result.Comparison[0].Name + " |", markdown);
        Assert.Contains("corrected p", markdown);
        Assert.Contains("best epoch", ReportWriter.Markdown(mlpReport));
        Assert.Contains(",,best_epoch,", ReportWriter.Csv(mlpReport));
        using var dir = new ScratchFolder();
        var png = dir["models.png"];
        FoldScoresPlot.Save(result.Comparison, png, "models");
        Assert.True(new FileInfo(png).Length > 1000);
    }

    /// <summary>Few rows, many noise features, a linear signal: an MLP fits the noise after a few epochs, so early stopping stops it.</summary>
    internal static DiveML.Extensions.Data.DenseDataView Overfittable(int rows, int seed, int dimension = 12)
    {
        var random = new Random(seed);
        var x = new float[rows * dimension];
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < dimension; j++) x[i * dimension + j] = (float)DiveML.Extensions.Data.SyntheticData.StandardNormal(random);
            y[i] = 2 * x[i * dimension] + (float)(0.5 * DiveML.Extensions.Data.SyntheticData.StandardNormal(random));
        }
        return DiveML.Extensions.Data.DenseDataView.ForRegression(x, dimension, y);
    }
}
