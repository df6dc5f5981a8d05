using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary><c>dive linreg</c>: d2l 3.2/3.3 — recover w = [2, −3.4], b = 4.2 from synthetic data.</summary>
public sealed class LinregCommand : ICommand
{
    public string Name => "linreg";
    public string Summary => "d2l 3.3: linear regression on synthetic data; prints learned w and b next to the true ones.";
    public string Usage => """
        ./dive linreg [--examples N] [--epochs N] [--lr X] [--batch-size B] [--seed S]
          defaults as d2l: 1000 examples, 3 epochs, lr 0.03, batch 10
        """;

    public int Run(CommandArgs args)
    {
        int n = args.Int("examples", 1000, 10, 10_000_000);
        var options = new LinearRegressionOptions();
        options.Epochs = args.Int("epochs", options.Epochs, 1, 10_000);
        options.LearningRate = args.Double("lr", options.LearningRate, 1e-9, 1e3);
        options.BatchSize = args.Int("batch-size", options.BatchSize, 1, 1_000_000);
        options.Seed = args.Int("seed", 0);
        args.EnsureAllUsed();

        float[] trueW = [2f, -3.4f];
        const float trueB = 4.2f;
        var ml = new MLContext(options.Seed);
        var data = SyntheticData.Linear(trueW, trueB, n, seed: options.Seed.Value);
        options.Progress = r => args.Out.WriteLine($"epoch {r.Epoch}, loss {r.TrainLoss / 2:F6}");
        var model = ml.Regression.Trainers.TorchLinear(options).Fit(data);
        var w = model.Parameters.First(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Values;
        var b = model.Parameters.First(p => p.Name.EndsWith("bias", StringComparison.Ordinal)).Values[0];
        string F(float v) => v.ToString("F4", CultureInfo.InvariantCulture);
        args.Out.WriteLine($"learned w = [{F(w[0])}, {F(w[1])}]   true w = [2, -3.4]   error = [{F(trueW[0] - w[0])}, {F(trueW[1] - w[1])}]");
        args.Out.WriteLine($"learned b = {F(b)}              true b = 4.2          error = {F(trueB - b)}");
        return 0;
    }
}
