using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DiveML.Samples.Bench;

/// <summary>
/// The floor DiveML's trainers are compared with: a plain TorchSharp loop (no ML.NET) over already-built tensors, doing
/// what d2l's train_ch3 does per minibatch — shuffle, forward, cross-entropy, backward, SGD step, read the loss,
/// accumulate accuracy — for a 784-256-10 MLP with Normal(0, 0.01) weights.
/// </summary>
public static class PlainTorchLoop
{
    /// <summary>Trains for <paramref name="epochs"/> epochs; returns each epoch's seconds and the setup seconds (tensors, network).</summary>
    public static (double SetupSeconds, double[] EpochSeconds, double TrainAccuracy) Run(float[] features, long[] labels, int dimension, int classes,
        int epochs, int batchSize, double learningRate, int seed, Device? device = null)
    {
        device ??= CPU;
        var setup = Stopwatch.StartNew();
        torch.manual_seed(seed);
        int n = labels.Length;
        using var x = tensor(features, [n, dimension]).to(device);
        using var y = tensor(labels, [n]).to(device);
        var network = Sequential(("hidden", Linear(dimension, 256)), ("relu", ReLU()), ("output", Linear(256, classes)));
        using (no_grad())
        {
            foreach (var (name, p) in network.named_parameters())
            {
                if (name.EndsWith("weight", StringComparison.Ordinal)) init.normal_(p, 0, 0.01);
                else init.zeros_(p);
            }
        }
        network.to(device);
        using var optimizer = optim.SGD(network.parameters(), learningRate);
        double setupSeconds = setup.Elapsed.TotalSeconds;
        var times = new double[epochs];
        double accuracy = 0;
        var random = new Random(seed);
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            network.train();
            random.Shuffle(order);
            using var permutation = tensor(order).to(device);
            using var correct = zeros(1, ScalarType.Int64, device);
            double lossSum = 0;
            for (int start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int length = Math.Min(batchSize, n - start);
                var index = permutation.narrow(0, start, length);
                var xb = x.index_select(0, index);
                var yb = y.index_select(0, index);
                var output = network.forward(xb);
                var loss = functional.cross_entropy(output, yb);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * length;
                correct.add_(output.argmax(1).eq(yb).sum());
            }
            accuracy = correct.item<long>() / (double)n;
            times[epoch] = clock.Elapsed.TotalSeconds;
        }
        network.Dispose();
        return (setupSeconds, times, accuracy);
    }
}
