using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary><c>dive linreg</c>: d2l 3.2/3.3 — recover w = [2, −3.4], b = 4.2 from synthetic data.</summary>
public static class LinregCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var d2l = new LinearRegressionOptions(); // d2l 3.3's settings are the defaults
        var examples = CliOptions.Int("--examples", "N", "synthetic examples", 1000, 10, 10_000_000);
        var epochs = CliOptions.Int("--epochs", "N", "passes over the data", d2l.Epochs, 1, 10_000);
        var lr = CliOptions.Double("--lr", "X", "learning rate", d2l.LearningRate, 1e-9, 1e3);
        var batchSize = CliOptions.Int("--batch-size", "B", "minibatch size", d2l.BatchSize, 1, 1_000_000);
        var seed = CliOptions.Int("--seed", "S", "seed of the data, initialisation and shuffling", 0, int.MinValue, int.MaxValue);
        var command = new DiveCommand("linreg", "d2l 3.3: linear regression on synthetic data; prints learned w and b next to the true ones.")
        { examples, epochs, lr, batchSize, seed };
        command.SetAction(parse =>
        {
            var options = new LinearRegressionOptions
            {
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batchSize),
                Seed = parse.GetValue(seed),
            };
            return Run(cli, parse.GetValue(examples), options);
        });
        return command;
    }

    private static int Run(CliContext cli, int n, LinearRegressionOptions options)
    {
        float[] trueW = [2f, -3.4f];
        const float trueB = 4.2f;
        var ml = new MLContext(options.Seed);
        var data = SyntheticData.Linear(trueW, trueB, n, seed: options.Seed!.Value);
        options.Progress = r => cli.Out.WriteLine($"epoch {r.Epoch}, loss {r.TrainLoss / 2:F6}");
        var model = ml.Regression.Trainers.TorchLinear(options).Fit(data);
        var w = model.Parameters.First(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Values;
        var b = model.Parameters.First(p => p.Name.EndsWith("bias", StringComparison.Ordinal)).Values[0];
        string F(float v) => v.ToString("F4", CultureInfo.InvariantCulture);
        cli.Out.WriteLine($"learned w = [{F(w[0])}, {F(w[1])}]   true w = [2, -3.4]   error = [{F(trueW[0] - w[0])}, {F(trueW[1] - w[1])}]");
        cli.Out.WriteLine($"learned b = {F(b)}              true b = 4.2          error = {F(trueB - b)}");
        return ExitCodes.Success;
    }
}
