using DiveML.Extensions.CrossValidation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions;

/// <summary>A binary task end to end through the cross-validation library, with ML.NET's own binary trainers.</summary>
public class BinaryCrossValidationTests
{
    internal sealed class Row
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    /// <summary>Two overlapping classes: the label is x0 + x1 plus noise above 0, so no model is perfect.</summary>
    internal static IDataView Data(MLContext ml, int rows, int seed = 3)
    {
        var random = new Random(seed);
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ =>
        {
            float a = (float)(random.NextDouble() * 4 - 2), b = (float)(random.NextDouble() * 4 - 2);
            return new Row { Features = [a, b], Label = a + b + 1.5 * (random.NextDouble() - 0.5) > 0 };
        }).ToArray());
    }

    private static IEstimator<ITransformer> Sdca(MLContext ml)
        => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });

    [Fact]
    public void Folds_report_auc_accuracy_f1_and_log_loss_as_ml_nets_evaluator_computes_them()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 120);
        var report = CrossValidator.Run(ml, data, Sdca(ml), new CrossValidationOptions { Task = CrossValidationTask.Binary, Folds = 4, KeepFoldModels = true });
        Assert.Equal("auc", report.PrimaryMetric);
        Assert.Equal(["auc", "accuracy", "f1", "log_loss"], report.MetricNames);
        Assert.InRange(report.PrimaryValidMean, 0.85, 0.999);
        var assignment = FoldAssignment.Assign(120, 4, FoldMode.Contiguous);
        foreach (var fold in report.Folds)
        {
            var heldOut = new RowSubsetDataView(data, assignment.Select(a => a == fold.Fold - 1).ToArray());
            var theirs = ml.BinaryClassification.Evaluate(fold.Model!.Transform(heldOut));
            Assert.Equal(theirs.AreaUnderRocCurve, fold.Valid["auc"], 9);
            Assert.Equal(theirs.Accuracy, fold.Valid["accuracy"], 12);
            Assert.Equal(theirs.F1Score, fold.Valid["f1"], 9);
            Assert.Equal(theirs.LogLoss * Math.Log(2), fold.Valid["log_loss"], 5); // ML.NET's binary log-loss is in bits
        }
    }

    [Fact]
    public void Out_of_fold_predictions_are_each_rows_prediction_by_the_model_that_held_it_out()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 50);
        var report = CrossValidator.Run(ml, data, Sdca(ml), new CrossValidationOptions { Task = CrossValidationTask.Binary, Folds = 3, Mode = FoldMode.Stratified, KeepFoldModels = true });
        var oof = report.OutOfFold;
        Assert.Equal(50, oof.Predictions.Count);
        var labels = data.GetColumn<bool>("Label").ToArray();
        var expectedFolds = FoldAssignment.Assign(50, 3, FoldMode.Stratified, 0, labels.Select(l => l ? 1 : 0).ToArray()).Select(f => f + 1).ToArray();
        Assert.Equal(expectedFolds, oof.Folds);
        Assert.Equal(labels.Select(l => l ? 1 : 0), oof.Predictions.Classes!);
        for (int row = 0; row < 50; row++)
        {
            // Row `row` scored by its fold's model alone.
            var single = new RowSubsetDataView(data, Enumerable.Range(0, 50).Select(i => i == row).ToArray());
            float p = report.Folds[oof.Folds[row] - 1].Model!.Transform(single).GetColumn<float>("Probability").Single();
            Assert.Equal(p, oof.Predictions.Probabilities![row][1], 6);
        }
        // The pooled out-of-fold metric is an ordinary metric over all rows.
        Assert.InRange(CrossValidationMetrics.Compute(oof.Predictions)["auc"], 0.8, 1.0);
    }

    [Fact]
    public void Fold_models_predict_new_rows_with_their_mean_probability()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 60);
        var fresh = Data(ml, 7, seed: 9);
        var report = CrossValidator.Run(ml, data, Sdca(ml), new CrossValidationOptions { Task = CrossValidationTask.Binary, Folds = 3, KeepFoldModels = true });
        var mean = report.PredictWithFoldModels(fresh);
        var each = report.Folds.Select(f => f.Model!.Transform(fresh).GetColumn<float>("Probability").ToArray()).ToArray();
        for (int row = 0; row < 7; row++)
        {
            double expected = each.Average(p => (double)p[row]);
            Assert.Equal(expected, mean.Probabilities![row][1], 12);
            Assert.Equal(expected > 0.5 ? 1 : 0, mean.PredictedClasses![row]);
        }
        Assert.False(mean.HasLabels);
        var without = CrossValidator.Run(ml, data, Sdca(ml), new CrossValidationOptions { Task = CrossValidationTask.Binary, Folds = 3 });
        Assert.Contains("KeepFoldModels", Assert.Throws<InvalidOperationException>(() => without.PredictWithFoldModels(fresh)).Message);
    }

    [Fact]
    public void A_label_of_the_wrong_type_and_a_metric_of_another_task_are_refused_before_any_fold()
    {
        var ml = new MLContext(1);
        var data = Data(ml, 20);
        var e = Assert.Throws<ArgumentException>(() => CrossValidator.Run(ml, data, Sdca(ml), new CrossValidationOptions { Task = CrossValidationTask.Binary, PrimaryMetric = "rmse" }));
        Assert.Contains("'rmse' is a regression metric, not a binary one", e.Message);
        Assert.Contains("auc, accuracy, f1, log_loss", e.Message);
        var regression = Assert.Throws<ArgumentException>(() => CrossValidator.Run(ml, data, Sdca(ml), new CrossValidationOptions { Task = CrossValidationTask.Regression }));
        Assert.Contains("'Label' is Boolean; regression needs a numeric label", regression.Message);
        var multiclass = Assert.Throws<ArgumentException>(() => CrossValidator.Run(ml, data, Sdca(ml), new CrossValidationOptions { Task = CrossValidationTask.Multiclass }));
        Assert.Contains("MapValueToKey", multiclass.Message);
    }
}
