using DiveML.Extensions.CrossValidation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions;

/// <summary>Every metric against a hand computation on a tiny table (the same numbers scikit-learn 1.2 gives, noted per case).</summary>
public class MetricTests
{
    [Fact]
    public void Regression_metrics_equal_a_hand_computation()
    {
        // Targets 1, 2, 4; predictions 2, 2, 2: errors 1, 0, −2.
        var m = CrossValidationMetrics.Regression([1.0, 2.0, 4.0], [2.0, 2.0, 2.0]);
        Assert.Equal(Math.Sqrt(5.0 / 3), m["rmse"], 12);
        Assert.Equal(1.0, m["mae"], 12);
        double mean = 7.0 / 3, total = Math.Pow(1 - mean, 2) + Math.Pow(2 - mean, 2) + Math.Pow(4 - mean, 2);
        Assert.Equal(1 - 5.0 / total, m["r2"], 12);
        Assert.Equal(Math.Sqrt((Math.Pow(Math.Log(2), 2) + 0 + Math.Pow(Math.Log(2) - Math.Log(4), 2)) / 3), m["log_rmse"], 12);
    }

    [Fact]
    public void Log_rmse_is_undefined_for_a_label_that_is_not_positive()
    {
        var m = CrossValidationMetrics.Regression([0.0, 2.0], [1.0, 2.0]);
        Assert.True(double.IsNaN(m["log_rmse"]));
        Assert.Equal(Math.Sqrt(0.5), m["rmse"], 12); // the other metrics stay defined
    }

    [Fact]
    public void Binary_metrics_equal_a_hand_computation()
    {
        // scikit-learn: roc_auc_score 0.8333…, f1_score 0.5, log_loss 0.5047643497375115, accuracy 4/6.
        bool[] labels = [false, false, true, true, true, false];
        double[] p = [0.1, 0.4, 0.35, 0.8, 0.4, 0.2];
        var m = CrossValidationMetrics.Binary(labels, p, p.Select(x => x > 0.5).ToArray());
        // AUC: 9 positive/negative pairs; 0.35 beats 2 negatives, 0.8 beats 3, 0.4 beats 2 and ties 1 (half): 7.5 / 9.
        Assert.Equal(7.5 / 9, m["auc"], 12);
        Assert.Equal(4.0 / 6, m["accuracy"], 12);
        Assert.Equal(2.0 * 1 / (2 * 1 + 0 + 2), m["f1"], 12); // one true positive, no false positive, two false negatives
        double logLoss = -(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8) + Math.Log(0.4) + Math.Log(0.8)) / 6;
        Assert.Equal(logLoss, m["log_loss"], 12);
        Assert.Equal(0.5047643497375115, m["log_loss"], 12);
    }

    [Fact]
    public void Auc_ranks_by_the_score_when_one_is_given_and_is_undefined_with_one_class()
    {
        bool[] labels = [false, true, true];
        // Probabilities that saturate tie; the raw scores still rank the rows.
        var m = CrossValidationMetrics.Binary(labels, [1.0, 1.0, 1.0], [true, true, true], scores: [3.0, 5.0, 4.0]);
        Assert.Equal(1.0, m["auc"], 12);
        Assert.Equal(0.5, CrossValidationMetrics.Auc(labels, [1.0, 1.0, 1.0]), 12);
        Assert.True(double.IsNaN(CrossValidationMetrics.Auc([true, true], [0.2, 0.9])));
    }

    [Fact]
    public void Multiclass_metrics_equal_a_hand_computation()
    {
        // scikit-learn: accuracy 5/7, balanced_accuracy 0.7222…, f1_score(average="macro") 0.7, log_loss 0.720498445566762.
        int[] labels = [0, 1, 2, 2, 1, 0, 2];
        double[][] p = [[.7, .2, .1], [.1, .6, .3], [.2, .2, .6], [.5, .3, .2], [.3, .4, .3], [.4, .5, .1], [.1, .1, .8]];
        var predicted = p.Select(r => Array.IndexOf(r, r.Max())).ToArray(); // 0 1 2 0 1 1 2
        var m = CrossValidationMetrics.Multiclass(labels, p, predicted);
        Assert.Equal(5.0 / 7, m["accuracy"], 12);
        Assert.Equal((1.0 / 2 + 2.0 / 2 + 2.0 / 3) / 3, m["macro_accuracy"], 12); // recall per class
        Assert.Equal((0.5 + 0.8 + 0.8) / 3, m["macro_f1"], 12); // F1 per class: 2/4, 4/5, 4/5
        Assert.Equal(-(Math.Log(.7) + Math.Log(.6) + Math.Log(.6) + Math.Log(.2) + Math.Log(.4) + Math.Log(.4) + Math.Log(.8)) / 7, m["log_loss"], 12);
        Assert.Equal(0.720498445566762, m["log_loss"], 12);
    }

    private sealed class Scored
    {
        [KeyType(3)] public uint Label { get; set; }
        [VectorType(3)] public float[] Score { get; set; } = [];
        [KeyType(3)] public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void Multiclass_metrics_read_from_a_scored_view_equal_ml_nets_evaluator()
    {
        var ml = new MLContext(0);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 60).Select(_ =>
        {
            var raw = new[] { random.NextSingle(), random.NextSingle(), random.NextSingle() };
            var score = raw.Select(v => v / raw.Sum()).ToArray();
            // LoadFromEnumerable reads a [KeyType] property as 0-based and stores key value + 1 (0 is "missing").
            return new Scored { Label = (uint)random.Next(0, 3), Score = score, PredictedLabel = (uint)Array.IndexOf(score, score.Max()) };
        }).ToArray();
        var view = ml.Data.LoadFromEnumerable(rows);
        Assert.Equal(rows.Select(r => r.Label + 1), view.GetColumn<uint>("Label"));
        var ours = CrossValidationMetrics.Compute(PredictionReader.Read(view, new CrossValidationOptions { Task = CrossValidationTask.Multiclass }, labelled: true));
        var theirs = ml.MulticlassClassification.Evaluate(view);
        Assert.Equal(theirs.MicroAccuracy, ours["accuracy"], 12);
        Assert.Equal(theirs.MacroAccuracy, ours["macro_accuracy"], 12);
        Assert.Equal(theirs.LogLoss, ours["log_loss"], 6);
    }

    [Fact]
    public void Metric_names_know_their_task_and_direction()
    {
        Assert.Equal(["rmse", "mae", "r2", "log_rmse"], CrossValidationMetrics.Names(CrossValidationTask.Regression));
        Assert.Equal(["auc", "accuracy", "f1", "log_loss"], CrossValidationMetrics.Names(CrossValidationTask.Binary));
        Assert.Equal(["accuracy", "macro_accuracy", "macro_f1", "log_loss"], CrossValidationMetrics.Names(CrossValidationTask.Multiclass));
        Assert.True(CrossValidationMetrics.LowerIsBetter("log_loss"));
        Assert.False(CrossValidationMetrics.LowerIsBetter("auc"));
        Assert.Null(CrossValidationMetrics.Problem("f1", CrossValidationTask.Binary));
        Assert.Contains("'auc' is a binary metric, not a regression one", CrossValidationMetrics.Problem("auc", CrossValidationTask.Regression));
        Assert.Contains("'AUC' is not a metric", CrossValidationMetrics.Problem("AUC", CrossValidationTask.Binary));
        Assert.Contains("'accuracy' is a binary and multiclass metric", CrossValidationMetrics.Problem("accuracy", CrossValidationTask.Regression));
    }
}
