using System.Diagnostics;
using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Bench;

/// <summary>
/// <c>dive bench train</c>: DiveML's MLP trainer against a plain TorchSharp loop on the same data with the same
/// settings, in one process, alternating so both see the same machine state.
/// </summary>
public static class TrainBenchmark
{
    public static int Run(TextWriter output, int epochs, int rounds, string? dir, TrainingDevice device = TrainingDevice.Cpu)
    {
        TorchRuntime.EnsureAvailable();
        var torchDevice = device == TrainingDevice.Cpu ? TorchSharp.torch.CPU
            : TorchSharp.torch.cuda.is_available() ? TorchSharp.torch.CUDA
            : device == TrainingDevice.Auto ? TorchSharp.torch.CPU
            : throw new InvalidOperationException("--device cuda, but TorchSharp sees no CUDA device. Run './dive env' to see what it sees.");

        var ingest = Stopwatch.StartNew();
        var images = FashionMnist.Load(FashionMnistSplit.Train, dir);
        var view = images.ToDataView();
        double loadSeconds = ingest.Elapsed.TotalSeconds;
        var labels = images.Labels.Select(l => (long)l).ToArray();
        var features = new float[images.Pixels.Length];
        for (int i = 0; i < features.Length; i++) features[i] = images.Pixels[i] / 255f;

        var ml = new MLContext(0);
        output.WriteLine($"machine: {BenchClock.Machine()}; torch threads: {TorchSharp.torch.get_num_threads()}; device: {torchDevice}");
        output.WriteLine($"Fashion-MNIST train: {images.Count} × 784 (read + IDataView {loadSeconds:F2} s); MLP 784-256-10, batch 256, SGD lr 0.1, {epochs} epochs × {rounds} rounds");
        // Warm-up: JIT and libtorch kernels for both paths.
        PlainTorchLoop.Run(features, labels, 784, 10, 1, 256, 0.1, 1, torchDevice);
        Fit(ml, view, 1, device: device);

        var plainEpochs = new List<double>();
        var diveEpochs = new List<double>();
        var plainTotals = new List<double>();
        var diveTotals = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            var (setup, times, plainAccuracy) = PlainTorchLoop.Run(features, labels, 784, 10, epochs, 256, 0.1, round + 1, torchDevice);
            plainEpochs.AddRange(times);
            plainTotals.Add(setup + times.Sum());

            var clock = Stopwatch.StartNew();
            var model = Fit(ml, view, epochs, round + 1, device);
            double total = clock.Elapsed.TotalSeconds;
            diveEpochs.AddRange(model.History.Select(h => h.Seconds));
            diveTotals.Add(total);
            output.WriteLine($"round {round + 1}: plain {string.Join(" ", times.Select(F))} s/epoch (train acc {plainAccuracy:F3}); " +
                $"DiveML {string.Join(" ", model.History.Select(h => F(h.Seconds)))} s/epoch (train acc {model.History[^1].TrainMetric:F3}), Fit total {F(total)} s");
        }
        double plainEpoch = BenchClock.Median(plainEpochs.ToArray());
        double diveEpoch = BenchClock.Median(diveEpochs.ToArray());
        double plainPerEpochAll = plainTotals.Sum() / (rounds * epochs);
        double divePerEpochAll = diveTotals.Sum() / (rounds * epochs);
        output.WriteLine("| measure | plain TorchSharp loop | DiveML Fit | ratio |");
        output.WriteLine("| --- | --- | --- | --- |");
        output.WriteLine($"| median epoch (s) | {F(plainEpoch)} | {F(diveEpoch)} | {diveEpoch / plainEpoch:F2} |");
        output.WriteLine($"| everything included, per epoch (s) | {F(plainPerEpochAll)} | {F(divePerEpochAll)} | {divePerEpochAll / plainPerEpochAll:F2} |");
        output.WriteLine("(everything included: plain = tensors + network + epochs; DiveML = IDataView ingest + checks + epochs + ONNX export + scoring chain)");
        return ExitCodes.Success;
    }

    private static TorchMulticlassModel Fit(MLContext ml, IDataView data, int epochs, int seed = 0, TrainingDevice device = TrainingDevice.Cpu)
        => ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Epochs = epochs, Seed = seed, Device = device }).Fit(data);

    private static string F(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture);
}
