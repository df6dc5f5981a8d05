using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions;

public class CrossValidatorTests
{
    private sealed class Row
    {
        public float X { get; set; }
        public float Label { get; set; }
    }

    /// <summary>A "model" that predicts Score = 2·X: fitting learns nothing, so every number can be computed by hand.</summary>
    private static IEstimator<ITransformer> Doubler(MLContext ml) => ml.Transforms.Expression("Score", "x => 2 * x", "X");

    /// <summary>Counts the folds that start fitting.</summary>
    private sealed class CountingEstimator(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
    {
        public int Fits { get; private set; }

        public ITransformer Fit(IDataView input)
        {
            Fits++;
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    [Fact]
    public void An_unknown_primary_metric_is_refused_before_any_fold_trains()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1, Label = 1 }, new Row { X = 2, Label = 2 } });
        var counting = new CountingEstimator(Doubler(ml));
        var e = Assert.Throws<ArgumentException>(() => CrossValidator.Run(ml, data, counting, new CrossValidationOptions { Folds = 2, PrimaryMetric = "RMSE" }));
        Assert.Contains("'RMSE'", e.Message);
        Assert.Contains("rmse", e.Message);
        Assert.Equal(0, counting.Fits);
    }

    [Fact]
    public void Report_numbers_equal_a_hand_computation()
    {
        var ml = new MLContext(0);
        // Labels 1..4, predictions 2..8: fold 1 holds rows 0,1 and fold 2 rows 2,3 (contiguous).
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1, Label = 1 }, new Row { X = 2, Label = 2 }, new Row { X = 3, Label = 3 }, new Row { X = 4, Label = 4 } });
        var report = CrossValidator.Run(ml, data, Doubler(ml), new CrossValidationOptions { Folds = 2 });
        // Fold 1 valid: errors 1, 2 → rmse sqrt(2.5), mae 1.5, log_rmse sqrt((ln2)²) = ln 2.
        Assert.Equal(Math.Sqrt(2.5), report.Folds[0].Valid["rmse"], 12);
        Assert.Equal(1.5, report.Folds[0].Valid["mae"], 12);
        Assert.Equal(Math.Log(2), report.Folds[0].Valid["log_rmse"], 12);
        // Fold 2 valid: errors 3, 4 → rmse sqrt(12.5); train part of fold 2 is fold 1's rows.
        Assert.Equal(Math.Sqrt(12.5), report.Folds[1].Valid["rmse"], 12);
        Assert.Equal(report.Folds[0].Valid["rmse"], report.Folds[1].Train["rmse"], 12);
        double mean = (Math.Sqrt(2.5) + Math.Sqrt(12.5)) / 2;
        double std = Math.Abs(Math.Sqrt(2.5) - Math.Sqrt(12.5)) / Math.Sqrt(2);
        Assert.Equal(mean, report.Mean["valid"]["rmse"], 12);
        Assert.Equal(std, report.Std["valid"]["rmse"], 12);
        Assert.Equal(12.706 * std / Math.Sqrt(2), report.Ci95["valid"]["rmse"], 9);
        Assert.Equal("rmse", report.PrimaryMetric); // the regression default: defined for any label, unlike log_rmse
    }

    [Fact]
    public void Predictions_below_one_are_clamped_for_log_rmse_as_d2l()
    {
        var m = CrossValidationMetrics.Regression([10.0, 100.0], [-5.0, 100.0]);
        Assert.Equal(Math.Sqrt(Math.Pow(Math.Log(10), 2) / 2), m["log_rmse"], 12);
    }

    [Fact]
    public void Folds_fit_their_own_preprocessing_and_report_network_history()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f], 4.2f, 200, seed: 3);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Seed = 1, Epochs = 20 }));
        var seen = new List<int>();
        var report = CrossValidator.Run(ml, data, pipeline, new CrossValidationOptions { Folds = 4, Mode = FoldMode.Shuffled, PrimaryMetric = "rmse", Progress = f => seen.Add(f.Fold) });
        Assert.Equal([1, 2, 3, 4], seen);
        Assert.All(report.Folds, f => Assert.Equal(20, f.History!.Count));
        Assert.True(report.Mean["valid"]["rmse"] < 0.1);
        Assert.True(report.Mean["valid"]["r2"] > 0.99);
    }

    [Fact]
    public void Classification_reports_accuracy_and_stratified_folds_work()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(30, seed: 4);
        var report = CrossValidator.Run(ml, data, ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1),
            new CrossValidationOptions { Task = CrossValidationTask.Multiclass, Folds = 3, Mode = FoldMode.Stratified });
        Assert.Equal("accuracy", report.PrimaryMetric);
        Assert.Contains("macro_accuracy", report.MetricNames);
        Assert.True(report.PrimaryValidMean > 0.9);
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1, Label = 1 }, new Row { X = 2, Label = 2 } });
        Assert.Contains("at most 2", Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidator.Run(ml, data, Doubler(ml), new CrossValidationOptions { Folds = 3 })).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidator.Run(ml, data, Doubler(ml), new CrossValidationOptions { Folds = 1 })).Message);
        Assert.Contains("'Price'", Assert.Throws<ArgumentException>(() => CrossValidator.Run(ml, data, Doubler(ml), new CrossValidationOptions { Folds = 2, LabelColumnName = "Price" })).Message);
    }

    [Fact]
    public void Report_writers_produce_markdown_csv_and_the_documented_json_shape()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(1, 6).Select(i => new Row { X = i, Label = i }));
        var report = CrossValidator.Run(ml, data, Doubler(ml), new CrossValidationOptions { Folds = 3, PrimaryMetric = "log_rmse" });
        var json = System.Text.Json.Nodes.JsonNode.Parse(ReportWriter.Json(report))!;
        Assert.Equal("regression", json["task"]!.GetValue<string>());
        Assert.Equal("log_rmse", json["metric"]!.GetValue<string>());
        Assert.Equal(3, json["folds"]!.AsArray().Count);
        Assert.Equal(report.Folds[1].Valid["log_rmse"], json["folds"]![1]!["valid"]!["log_rmse"]!.GetValue<double>());
        Assert.Equal(report.Mean["train"]["rmse"], json["mean"]!["train"]!["rmse"]!.GetValue<double>());
        Assert.NotNull(json["std"]!["valid"]!["mae"]);
        var markdown = ReportWriter.Markdown(report);
        Assert.Contains("| **mean ± std** |", markdown);
        Assert.Contains("valid log_rmse", markdown);
        var csv = ReportWriter.Csv(report).Split('\n');
        Assert.Equal("fold,part,metric,value", csv[0]);
        Assert.Contains(csv, l => l.StartsWith("mean,valid,log_rmse,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("mlp-dropout")] // DiveML's dropout draws from a generator per network member
    public void Folds_fitted_at_once_give_the_report_of_folds_fitted_one_at_a_time(string network) => AssertFoldsAtOnceAsOneAtATime(network);

    /// <summary>Fits 5 folds one at a time and three at once and asserts the same reports, progress and out-of-fold predictions.</summary>
    /// <param name="network">mlp, mlp-dropout or custom-dropout (nn.Dropout in a user's module: <see cref="GlobalGeneratorTests"/>).</param>
    internal static void AssertFoldsAtOnceAsOneAtATime(string network)
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f, 0.5f], 4.2f, 240, seed: 5);
        IEstimator<ITransformer> Trainer() => network switch
        {
            "custom-dropout" => ml.Regression.Trainers.TorchNetwork(new CustomNetworkOptions((inputs, outputs) => TorchSharp.torch.nn.Sequential(
                TorchSharp.torch.nn.Linear(inputs, 16), TorchSharp.torch.nn.ReLU(), TorchSharp.torch.nn.Dropout(0.3), TorchSharp.torch.nn.Linear(16, outputs)))
            {
                Epochs = 40, BatchSize = 8, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Seed = 3, EnsembleSize = 2,
            }),
            _ => ml.Regression.Trainers.TorchMlp(new MlpOptions
            {
                HiddenLayers = [16], Dropout = network == "mlp-dropout" ? [0.3] : [], Epochs = 40, BatchSize = 8,
                Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Seed = 3, EnsembleSize = 2,
            }),
        };
        CrossValidationReport Run(int parallel, List<int> seen)
            => CrossValidator.Run(ml, data, ml.Transforms.NormalizeMeanVariance("Features").Append(Trainer()),
                new CrossValidationOptions { Folds = 5, Mode = FoldMode.Shuffled, ParallelFolds = parallel, Progress = f => seen.Add(f.Fold) });
        var oneSeen = new List<int>();
        var manySeen = new List<int>();
        var one = Run(1, oneSeen);
        var many = Run(3, manySeen);
        Assert.Equal([1, 2, 3, 4, 5], manySeen); // progress in fold order, once each
        Assert.Equal(oneSeen, manySeen);
        for (int fold = 0; fold < 5; fold++)
        {
            Assert.Equal(one.Folds[fold].Valid, many.Folds[fold].Valid);
            Assert.Equal(one.Folds[fold].History!.Select(h => h.TrainLoss), many.Folds[fold].History!.Select(h => h.TrainLoss));
        }
        Assert.Equal(one.OutOfFold.Predictions.Values, many.OutOfFold.Predictions.Values);
    }

    [Fact]
    public void A_failing_fold_among_folds_fitted_at_once_is_reported_as_it_was_thrown()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(1, 8).Select(i => new Row { X = i, Label = i }));
        int calls = 0;
        IEstimator<ITransformer> Trainer(IDataView valid) => Interlocked.Increment(ref calls) == 3
            ? throw new InvalidOperationException("fold three failed")
            : Doubler(ml);
        var e = Assert.Throws<InvalidOperationException>(() => CrossValidator.Run(ml, data, new EstimatorChain<ITransformer>(), Trainer,
            new CrossValidationOptions { Folds = 4, ParallelFolds = 2 }));
        Assert.Equal("fold three failed", e.Message);
        Assert.Contains("ParallelFolds", Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidator.Run(ml, data, Doubler(ml),
            new CrossValidationOptions { Folds = 2, ParallelFolds = 0 })).Message);
    }

    [Fact]
    public void A_progress_callback_that_throws_stops_the_run_and_is_called_once_per_fold()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(1, 8).Select(i => new Row { X = i, Label = i }));
        var calls = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var e = Assert.Throws<InvalidOperationException>(() => CrossValidator.Run(ml, data, Doubler(ml), new CrossValidationOptions
        {
            Folds = 4, ParallelFolds = 2,
            Progress = f =>
            {
                calls.Enqueue(f.Fold);
                if (f.Fold == 1) throw new InvalidOperationException("the callback failed");
            },
        }));
        Assert.Equal("the callback failed", e.Message);
        Assert.Equal([1], calls.ToArray());
    }
}

