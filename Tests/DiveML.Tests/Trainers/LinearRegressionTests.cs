using DiveML.Tests.Support;
using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Trainers;

public class LinearRegressionTests
{
    [Fact]
    public void Recovers_w_and_b_like_d2l_3_3()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f], 4.2f, 1000, seed: 3);
        var model = ml.Regression.Trainers.TorchLinear(seed: 42).Fit(data);
        var w = model.Parameters.Single(p => p.Name.EndsWith("weight"));
        var b = model.Parameters.Single(p => p.Name.EndsWith("bias"));
        Assert.Equal([1L, 2L], w.Shape);
        Assert.InRange(w.Values[0], 2f - 0.01f, 2f + 0.01f);
        Assert.InRange(w.Values[1], -3.4f - 0.01f, -3.4f + 0.01f);
        Assert.InRange(b.Values[0], 4.2f - 0.01f, 4.2f + 0.01f);
        Assert.Equal(3, model.History.Count);
        Assert.True(model.History[^1].TrainLoss < model.History[0].TrainLoss);

        var metrics = ml.Regression.Evaluate(model.Transform(data));
        Assert.InRange(metrics.RootMeanSquaredError, 0, 0.02);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_and_history()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f], 4.2f, 500, seed: 3);
        var options = () => new LinearRegressionOptions { Seed = 7 };
        var a = ml.Regression.Trainers.TorchLinear(options()).Fit(data);
        var b = ml.Regression.Trainers.TorchLinear(options()).Fit(data);
        Assert.Equal(a.Parameters.SelectMany(p => p.Values), b.Parameters.SelectMany(p => p.Values));
        Assert.Equal(a.History.Select(h => h.TrainLoss), b.History.Select(h => h.TrainLoss));
        var c = ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Seed = 8 }).Fit(data);
        Assert.NotEqual(a.Parameters.SelectMany(p => p.Values), c.Parameters.SelectMany(p => p.Values));
    }

    [Fact]
    public void A_huge_learning_rate_stops_with_the_epoch_and_batch()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f], 4.2f, 200, seed: 3);
        var e = Assert.Throws<TrainingDivergedException>(() =>
            ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { LearningRate = 1e6, Seed = 1 }).Fit(data));
        Assert.Equal(1, e.Epoch);
        Assert.Contains("epoch 1, batch", e.Message);
        Assert.Contains("smaller learning rate", e.Message);
    }

    /// <summary>A linear layer whose output turns NaN after a number of forward passes: a divergence at a chosen batch.</summary>
    private sealed class NaNAfter : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
    {
        private readonly TorchSharp.Modules.Linear linear;
        private readonly int _limit;
        private int _calls;

        public NaNAfter(int inputs, int outputs, int limit) : base(nameof(NaNAfter))
        {
            linear = TorchSharp.torch.nn.Linear(inputs, outputs);
            _limit = limit;
            RegisterComponents();
        }

        public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input)
            => ++_calls > _limit ? linear.forward(input) * float.NaN : linear.forward(input);
    }

    [Fact]
    public void A_divergence_under_a_schedule_reports_the_rate_in_use()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f], 4.2f, 100, seed: 3);
        // 100 rows in batches of 10: 10 forward passes per epoch, so the 11th (epoch 2, batch 1) is the first NaN.
        var options = new CustomNetworkOptions((inputs, outputs) => new NaNAfter(inputs, outputs, limit: 10))
        {
            Epochs = 4, BatchSize = 10, LearningRate = 0.1, Schedule = LearningRateSchedule.Cosine, Seed = 1,
        };
        var e = Assert.Throws<TrainingDivergedException>(() => ml.Regression.Trainers.TorchNetwork(options).Fit(data));
        Assert.Equal(2, e.Epoch);
        Assert.Equal(1, e.Batch);
        double expected = 0.1 * 0.5 * (1 + Math.Cos(Math.PI / 4));
        Assert.Equal(expected, e.LearningRate, 12);
        Assert.Contains(expected.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Contains("base rate is 0.1", e.Message);
    }

    [Fact]
    public void Non_finite_features_are_rejected_naming_column_slot_and_fix()
    {
        var ml = new MLContext(0);
        var x = new float[] { 1, 2, 3, float.NaN, 5, 6 };
        var data = DenseDataView.ForRegression(x, 2, [1f, 2f, 3f]);
        var e = Assert.Throws<InvalidDataException>(() => ml.Regression.Trainers.TorchLinear(seed: 1).Fit(data));
        Assert.Contains("row 1", e.Message);
        Assert.Contains("'Features', slot 1", e.Message);
        Assert.Contains("FillNaMean", e.Message);
    }

    [Fact]
    public void A_missing_label_is_rejected()
    {
        var ml = new MLContext(0);
        var data = DenseDataView.ForRegression([1, 2, 3, 4], 2, [1f, float.NaN]);
        var e = Assert.Throws<InvalidDataException>(() => ml.Regression.Trainers.TorchLinear(seed: 1).Fit(data));
        Assert.Contains("row 1", e.Message);
        Assert.Contains("label", e.Message);
    }

    [Fact]
    public void Wrong_column_types_are_rejected_before_training()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([1f], 0f, 10);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.TorchLinear(featureColumnName: "Nope").Fit(data));
        Assert.Contains("'Nope'", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRegressionOptions { Epochs = 0 }.Let(o => ml.Regression.Trainers.TorchLinear(o)));
    }

    [NoCudaFact]
    public void Cuda_without_cuda_is_a_clear_error()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([1f], 0f, 10);
        var e = Assert.Throws<InvalidOperationException>(() => ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Device = TrainingDevice.Cuda }).Fit(data));
        Assert.Contains("CUDA", e.Message);
    }

    [Fact]
    public void Validation_history_and_progress_are_reported_every_epoch()
    {
        var ml = new MLContext(0);
        var train = SyntheticData.Linear([2f, -3.4f], 4.2f, 300, seed: 3);
        var valid = SyntheticData.Linear([2f, -3.4f], 4.2f, 100, seed: 4);
        var seen = new List<EpochRecord>();
        var model = ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Seed = 1, Epochs = 5, ValidationData = valid, Progress = seen.Add }).Fit(train);
        Assert.Equal(5, seen.Count);
        Assert.Equal(model.History, seen);
        Assert.All(seen, r => Assert.NotNull(r.ValidationMetric));
        Assert.True(seen[^1].ValidationMetric < 0.05);
        Assert.Equal(Enumerable.Range(1, 5), seen.Select(r => r.Epoch));
    }
}

internal static class TestExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
