using DiveML.Extensions.CrossValidation;
using DiveML.Tests.Extensions;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Trainers;

/// <summary>Early stopping: held-out training rows decide, the best epoch's weights are kept, ValidationData never decides.</summary>
public class EarlyStoppingTests
{
    private static MlpOptions Overfitting(int ensemble = 1, IDataView? validation = null) => new()
    {
        HiddenLayers = [64], Epochs = 300, LearningRate = 0.02, Optimizer = OptimizerKind.Adam, BatchSize = 16, Seed = 5, EnsembleSize = ensemble,
        ValidationData = validation, EarlyStopping = new EarlyStoppingOptions { Patience = 4, ValidationFraction = 0.25 },
    };

    /// <summary>The held-out rows, read from the data in the order given.</summary>
    private static IDataView Rows(MLContext ml, IDataView data, IReadOnlyList<int> rows)
    {
        var keep = new bool[(int)data.GetRowCount()!.Value];
        foreach (var row in rows) keep[row] = true;
        return new RowSubsetDataView(data, keep);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)] // an ensemble: the ensemble's own metric decides and every member keeps the same epoch
    public void Regression_stops_after_the_patience_and_keeps_the_best_epochs_weights(int ensemble)
    {
        var ml = new MLContext(0);
        var data = ModelComparisonTests.Overfittable(80, seed: 7);
        var model = ml.Regression.Trainers.TorchMlp(Overfitting(ensemble)).Fit(data);
        var history = model.History;
        int best = model.BestEpoch!.Value;
        Assert.True(history.Count < 300, "an overfitting network must stop early");
        Assert.Equal(best + 4, history.Count); // stopped exactly Patience epochs after the best
        var metrics = history.Select(h => h.EarlyStoppingMetric!.Value).ToArray();
        Assert.Equal(metrics.Min(), history[best - 1].EarlyStoppingMetric);
        Assert.All(history.Skip(best), h => Assert.True(h.EarlyStoppingMetric >= metrics.Min()));

        // The fitted model (scored through its ONNX chain) holds the best epoch's weights: its RMSE on the held-out rows is that epoch's metric.
        Assert.Equal(20, model.EarlyStoppingRows!.Count);
        var heldOut = Rows(ml, data, model.EarlyStoppingRows!);
        double rmse = CrossValidationMetrics.Regression(model.Transform(heldOut), "Label", "Score")["rmse"];
        Assert.Equal(history[best - 1].EarlyStoppingMetric!.Value, rmse, 4);
        Assert.NotEqual(history[^1].EarlyStoppingMetric!.Value, rmse, 4);
    }

    [Fact]
    public void Validation_data_is_a_curve_only_and_never_changes_when_training_stops()
    {
        var ml = new MLContext(0);
        var data = ModelComparisonTests.Overfittable(80, seed: 7);
        var other = ModelComparisonTests.Overfittable(30, seed: 99);
        var plain = ml.Regression.Trainers.TorchMlp(Overfitting()).Fit(data);
        var curved = ml.Regression.Trainers.TorchMlp(Overfitting(validation: other)).Fit(data);
        Assert.Equal(plain.BestEpoch, curved.BestEpoch);
        Assert.Equal(plain.History.Count, curved.History.Count);
        Assert.Equal(plain.Parameters.SelectMany(p => p.Values), curved.Parameters.SelectMany(p => p.Values));
        Assert.All(curved.History, h => Assert.NotNull(h.ValidationMetric));
        Assert.All(plain.History, h => Assert.Null(h.ValidationMetric));
    }

    [Fact]
    public void Classification_holds_out_each_class_in_proportion_and_stops_on_log_loss()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(40, classes: 3, seed: 2, spread: 2.0); // overlapping classes: the held-out log-loss bottoms out
        var options = new MlpOptions
        {
            HiddenLayers = [64], Epochs = 200, LearningRate = 0.05, Optimizer = OptimizerKind.Adam, BatchSize = 16, Seed = 1,
            EarlyStopping = new EarlyStoppingOptions { Patience = 3, ValidationFraction = 0.2 },
        };
        var model = ml.MulticlassClassification.Trainers.TorchMlp(options).Fit(data);
        var rows = model.EarlyStoppingRows!;
        var classes = data.GetColumn<uint>("Label").ToArray();
        Assert.Equal([8, 8, 8], rows.GroupBy(r => classes[r]).OrderBy(g => g.Key).Select(g => g.Count())); // a fifth of each class's 40 rows
        int best = model.BestEpoch!.Value;
        var heldOut = Rows(ml, data, rows);
        var predictions = PredictionReader.Read(model.Transform(heldOut), new CrossValidationOptions { Task = CrossValidationTask.Multiclass }, labelled: true);
        Assert.Equal(model.History[best - 1].EarlyStoppingMetric!.Value, CrossValidationMetrics.Compute(predictions)["log_loss"], 4);
        Assert.Equal(model.History.Min(h => h.EarlyStoppingMetric), model.History[best - 1].EarlyStoppingMetric);
    }

    [Fact]
    public void Binary_holds_out_each_label_in_proportion_and_stops_on_log_loss()
    {
        var ml = new MLContext(0);
        var data = BinaryCrossValidationTests.Data(ml, 120, seed: 4); // overlapping classes
        var options = new MlpOptions
        {
            HiddenLayers = [64], Epochs = 200, LearningRate = 0.05, Optimizer = OptimizerKind.Adam, BatchSize = 16, Seed = 1,
            EarlyStopping = new EarlyStoppingOptions { Patience = 3, ValidationFraction = 0.25 },
        };
        var model = ml.BinaryClassification.Trainers.TorchMlp(options).Fit(data);
        var labels = data.GetColumn<bool>("Label").ToArray();
        var rows = model.EarlyStoppingRows!;
        foreach (var label in new[] { false, true })
            Assert.Equal(Math.Round(labels.Count(l => l == label) * 0.25, MidpointRounding.AwayFromZero), rows.Count(r => labels[r] == label));
        int best = model.BestEpoch!.Value;
        Assert.True(model.History.Count < 200);
        var predictions = PredictionReader.Read(model.Transform(Rows(ml, data, rows)), new CrossValidationOptions { Task = CrossValidationTask.Binary }, labelled: true);
        Assert.Equal(model.History[best - 1].EarlyStoppingMetric!.Value, CrossValidationMetrics.Compute(predictions)["log_loss"], 4);
        Assert.Equal(model.History.Min(h => h.EarlyStoppingMetric), model.History[best - 1].EarlyStoppingMetric);
    }

    [Fact]
    public void Without_early_stopping_every_epoch_trains_and_nothing_is_held_out()
    {
        var ml = new MLContext(0);
        var options = Overfitting();
        options.EarlyStopping = null;
        options.Epochs = 5;
        var model = ml.Regression.Trainers.TorchMlp(options).Fit(ModelComparisonTests.Overfittable(30, seed: 1));
        Assert.Equal(5, model.History.Count);
        Assert.Null(model.BestEpoch);
        Assert.Null(model.EarlyStoppingRows);
        Assert.All(model.History, h => Assert.Null(h.EarlyStoppingMetric));
    }

    [Theory]
    [InlineData(0, 0.0, 0.1, "Patience")]
    [InlineData(3, -1.0, 0.1, "MinDelta")]
    [InlineData(3, 0.0, 1.0, "ValidationFraction")]
    [InlineData(3, 0.0, 0.0, "ValidationFraction")]
    public void Bad_settings_are_refused_when_the_trainer_is_created(int patience, double minDelta, double fraction, string named)
    {
        var options = new MlpOptions { Epochs = 5, BatchSize = 8, LearningRate = 0.1, EarlyStopping = new EarlyStoppingOptions { Patience = patience, MinDelta = minDelta, ValidationFraction = fraction } };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext(0).Regression.Trainers.TorchMlp(options));
        Assert.Contains($"EarlyStopping.{named}", e.Message);
    }
}
