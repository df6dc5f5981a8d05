using System.Diagnostics;
using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DiveML.Samples.Bench;

/// <summary>
/// <c>dive bench step</c>: the fixed cost of one optimiser step on the tiny networks of Kaggle-sized tables (331 → 1 and
/// 331 → 256 → 1, Adam, batch 64 and 256), in µs, for a plain TorchSharp loop (the floor: preloaded tensors, one gather
/// per batch, forward, MSE, backward, Adam step, loss read) and for DiveML's Fit (everything its loop does per step,
/// measured over whole epochs), in the same process, alternating.
/// </summary>
public static class StepBenchmark
{
    public static int Run(TextWriter output, int steps, int rounds)
    {
        TorchRuntime.EnsureAvailable();
        output.WriteLine($"machine: {BenchClock.Machine()}; torch threads: {torch.get_num_threads()}; load: {Load()}");
        output.WriteLine("| network | batch | plain TorchSharp µs/step | DiveML Fit µs/step | ratio |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        const int rows = 1168, features = 331; // a house-prices training fold
        var random = new Random(1);
        var x = new float[rows * features];
        for (int i = 0; i < x.Length; i++) x[i] = (float)SyntheticData.StandardNormal(random);
        var y = Enumerable.Range(0, rows).Select(i => x[i * features] * 0.5f + 12f).ToArray();
        var data = DenseDataView.ForRegression(x, features, y);
        foreach (int hidden in new[] { 0, 256 })
            foreach (int batch in new[] { 64, 256 })
            {
                int stepsPerEpoch = (rows + batch - 1) / batch;
                int epochs = Math.Max(2, steps / stepsPerEpoch);
                var plain = new List<double>();
                var dive = new List<double>();
                Plain(x, y, features, hidden, batch, 50); // warm-up
                Fit(data, hidden, batch, 1);
                for (int r = 0; r < rounds; r++)
                {
                    plain.Add(Plain(x, y, features, hidden, batch, epochs * stepsPerEpoch));
                    dive.Add(Fit(data, hidden, batch, epochs) / (epochs * stepsPerEpoch));
                }
                double p = BenchClock.Median(plain.ToArray()) * 1e6, d = BenchClock.Median(dive.ToArray()) * 1e6;
                output.WriteLine($"| {features} → {(hidden == 0 ? "" : $"{hidden} → ")}1 | {batch} | {F(p)} | {F(d)} | {d / p:F2} |");
            }
        output.WriteLine("(plain: seconds per step of its loop; DiveML: the sum of the epochs' seconds in the fit's history per step, which includes the per-epoch shuffle)");
        return 0;
    }

    /// <summary>The floor: a plain TorchSharp loop over preloaded tensors; returns seconds per step.</summary>
    private static double Plain(float[] features, float[] labels, int dimension, int hidden, int batch, int steps)
    {
        torch.manual_seed(1);
        int n = labels.Length;
        using var x = tensor(features, [n, dimension]);
        using var y = tensor(labels, [n, 1]);
        Module<Tensor, Tensor> network = hidden == 0 ? Sequential(("0", Linear(dimension, 1)))
            : Sequential(("0", Linear(dimension, hidden)), ("1", ReLU()), ("2", Linear(hidden, 1)));
        using var optimizer = optim.Adam(network.parameters(), 0.001);
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        using var permutation = tensor(order);
        var clock = Stopwatch.StartNew();
        for (int step = 0, start = 0; step < steps; step++, start += batch)
        {
            if (start + batch > n) start = 0;
            using var scope = NewDisposeScope();
            var index = permutation.narrow(0, start, batch);
            var output = network.forward(x.index_select(0, index));
            var loss = functional.mse_loss(output, y.index_select(0, index));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        }
        double seconds = clock.Elapsed.TotalSeconds / steps;
        network.Dispose();
        return seconds;
    }

    /// <summary>DiveML's Fit; returns the seconds of its epochs (the history's), so ingestion and export are not counted.</summary>
    private static double Fit(IDataView data, int hidden, int batch, int epochs)
    {
        var ml = new MLContext(0);
        TorchTrainerOptions options = hidden == 0
            ? new LinearRegressionOptions { Optimizer = OptimizerKind.Adam, LearningRate = 0.001, BatchSize = batch, Epochs = epochs, Seed = 1 }
            : new MlpOptions { HiddenLayers = [hidden], Optimizer = OptimizerKind.Adam, LearningRate = 0.001, BatchSize = batch, Epochs = epochs, Seed = 1 };
        var model = options is MlpOptions mlp ? ml.Regression.Trainers.TorchMlp(mlp).Fit(data) : ml.Regression.Trainers.TorchLinear((LinearRegressionOptions)options).Fit(data);
        return model.History.Sum(h => h.Seconds);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string F(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
}
