using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Tests.Trainers;

public class TrainerOptionsTests
{
    [Fact]
    public void Weight_decay_shrinks_weights_but_not_biases()
    {
        // y = 5 regardless of x: the best fit is w = 0, b = 5; heavy decay on the bias would pull b below 5.
        var ml = new MLContext(0);
        var x = Enumerable.Range(0, 400).Select(i => (float)Math.Sin(i)).ToArray();
        var data = DenseDataView.ForRegression(x, 2, Enumerable.Repeat(5f, 200).ToArray());
        var model = ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Seed = 1, Epochs = 30, WeightDecay = 1.0, LearningRate = 0.05 }).Fit(data);
        var bias = model.Parameters.Single(p => p.Name.EndsWith("bias")).Values[0];
        var weights = model.Parameters.Single(p => p.Name.EndsWith("weight")).Values;
        Assert.InRange(bias, 4.95f, 5.05f);
        Assert.All(weights, w => Assert.InRange(w, -0.05f, 0.05f));
    }

    [Fact]
    public void Output_bias_can_start_at_the_label_mean()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([1f], 100f, 64, seed: 2);
        var model = ml.Regression.Trainers.TorchMlp(new MlpOptions
        {
            Seed = 1, Epochs = 1, LearningRate = 1e-6, Optimizer = OptimizerKind.Adam, HiddenLayers = [4], OutputBiasFromLabelMean = true,
        }).Fit(data);
        var outputBias = model.Parameters.Single(p => p.Name == "2.bias").Values[0]; // Linear, ReLU, Linear: PyTorch's numbering
        Assert.InRange(outputBias, 99f, 101f); // started at the mean label (≈ 100), barely moved at this learning rate
        Assert.True(model.History[0].TrainMetric < 5);
    }

    [Fact]
    public void Mlp_regression_with_cosine_schedule_and_dropout_fits_a_nonlinear_function()
    {
        var ml = new MLContext(0);
        var random = new Random(5);
        int n = 512;
        var x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var y = x.Select(v => v * v).ToArray();
        var data = DenseDataView.ForRegression(x, 1, y);
        var model = ml.Regression.Trainers.TorchMlp(new MlpOptions
        {
            Seed = 1, Epochs = 60, BatchSize = 32, LearningRate = 0.01, Optimizer = OptimizerKind.Adam, HiddenLayers = [32, 32],
            Activation = Activation.Tanh, Dropout = [0.05], Schedule = LearningRateSchedule.Cosine, Initialization = Initialization.Xavier,
        }).Fit(data);
        Assert.True(ml.Regression.Evaluate(model.Transform(data)).RootMeanSquaredError < 0.2);
    }

    [Fact]
    public void Inconsistent_options_are_rejected_with_the_option_named()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([1f], 0f, 16);
        var dropout = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [4, 4, 4], Dropout = [0.1, 0.2] }).Fit(data));
        Assert.Contains("Dropout", dropout.Message);
        var lr = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { LearningRate = -1 }));
        Assert.Contains("LearningRate", lr.Message);
    }
}

public class TorchThreadsTests
{
    [Theory]
    [InlineData(null, 331L * 256 * 256, 1)]             // the house-prices MLP at batch 256: one thread
    [InlineData(3, 331L * 256 * 256, 3)]                // asked for: as asked
    [InlineData(null, 784L * 256 * 256 + 2560 * 256, -1)] // d2l's Fashion-MNIST MLP: every core (−1 here)
    public void Small_networks_train_on_one_thread_larger_ones_on_every_core(int? requested, long multiplyAdds, int expected)
        => Assert.Equal(expected == -1 ? Environment.ProcessorCount : expected, DiveML.Trainers.TorchThreads.Choose(requested, multiplyAdds));

    [Fact]
    public void A_fit_leaves_the_process_thread_count_as_it_found_it_and_refuses_zero_threads()
    {
        var ml = new Microsoft.ML.MLContext(0);
        var data = DiveML.Extensions.Data.SyntheticData.Linear([2f, -3.4f], 4.2f, 50, seed: 1);
        int before = TorchSharp.torch.get_num_threads();
        ml.Regression.Trainers.TorchLinear(new DiveML.Trainers.LinearRegressionOptions { Threads = before == 1 ? 2 : 1, Seed = 1 }).Fit(data);
        Assert.Equal(before, TorchSharp.torch.get_num_threads());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.TorchLinear(new DiveML.Trainers.LinearRegressionOptions { Threads = 0 }));
        Assert.Contains("Threads", e.Message);
    }

    [Fact]
    public void Loading_libtorch_chooses_passive_OpenMP_waiting_and_a_fixed_cuBLAS_workspace_unless_the_environment_did()
    {
        DiveML.Trainers.TorchRuntime.EnsureAvailable();
        // Either DiveML's choice or one the environment made before the process started; never left unset.
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY")));
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CUBLAS_WORKSPACE_CONFIG")));
    }
}

public class TorchThreadsLimitTests
{
    [Fact]
    public async Task A_limit_caps_larger_networks_in_its_own_flow_only_and_ends_when_disposed()
    {
        const long large = 784L * 256 * 256;
        int cores = Environment.ProcessorCount;
        using (DiveML.Trainers.TorchThreads.Limit(1))
        {
            Assert.Equal(1, DiveML.Trainers.TorchThreads.Choose(null, large));
            Assert.Equal(4, DiveML.Trainers.TorchThreads.Choose(4, large)); // what the options ask for stays
            using (DiveML.Trainers.TorchThreads.Limit(8)) Assert.Equal(1, DiveML.Trainers.TorchThreads.Choose(null, large)); // the lower one holds
            Assert.Equal(1, await Task.Run(() => DiveML.Trainers.TorchThreads.Choose(null, large))); // flows into tasks it starts
            int elsewhere = 0;
            var thread = new Thread(() => elsewhere = DiveML.Trainers.TorchThreads.Choose(null, large));
            using (ExecutionContext.SuppressFlow()) thread.Start();
            thread.Join();
            Assert.Equal(cores, elsewhere); // not the rest of the process
        }
        Assert.Equal(cores, DiveML.Trainers.TorchThreads.Choose(null, large));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiveML.Trainers.TorchThreads.Limit(0));
    }
}
