using System.Diagnostics;
using System.Text.Json;
using DiveML.Extensions.Data;
using DiveML.Extensions.Plots;
using DiveML.Samples.Cli;
using DiveML.Extensions.IO;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Samples.Commands;

/// <summary><c>dive fashion-mnist</c>: d2l 3.7 / 4.3 on the real Fashion-MNIST, with metrics.json and model.zip.</summary>
public static class FashionMnistCommand
{
    /// <summary>The documented configuration that passes 0.89 test accuracy in 10 epochs (docs/benchmarks.md).</summary>
    public static readonly string[] BetterConfiguration =
        ["--standardize", "--optimizer", "adam", "--lr", "0.001", "--hidden", "512,256", "--dropout", "0.2", "--batch-size", "128", "--init", "kaiming", "--schedule", "cosine"];

    public static DiveCommand Create(CliContext cli)
    {
        var model = CliOptions.Choice("--model", "softmax regression (d2l 3.7) or a multilayer perceptron (d2l 4.3)", ["softmax", "mlp"], "mlp");
        var outDir = CliOptions.RequiredText("--out", "DIR", "output folder: metrics.json, model.zip, curves.png, predictions.png");
        var trainer = new TrainerOptions([("softmax", new SoftmaxRegressionOptions()), ("mlp", new MlpOptions())]);
        var dataDir = CliOptions.Text("--data-dir", "DIR", "Fashion-MNIST IDX folder", FashionMnist.DefaultDirectory);
        var limit = CliOptions.Int("--train-limit", "N", "train on the first N images only, for quick runs (0: all 60,000)", 0, 0, 60_000);
        var standardize = CliOptions.Flag("--standardize", "standardise each pixel (ML.NET NormalizeMeanVariance, fitted on the training images)");
        var weights = CliOptions.Text("--weights", "FILE.pt",
            "start from these weights, a PyTorch state_dict (torch.save(net.state_dict(), FILE.pt), keys 0.*/2.* or, after nn.Flatten(), 1.*/3.*); with --epochs 0 they are scored as they are");
        var saveWeights = CliOptions.Text("--save-weights", "FILE.pt", "also write the trained network's state_dict, which torch.load reads");
        var command = new DiveCommand("fashion-mnist", "d2l 3.7/4.3: softmax regression or an MLP on Fashion-MNIST; writes metrics.json and model.zip.",
            $"""
            Defaults as d2l: batch 256, SGD lr 0.1, 10 epochs, Normal(0, 0.01); mlp: one hidden layer of 256, ReLU.
            Better (≥ 0.89 test accuracy in 10 epochs): --model mlp {string.Join(' ', BetterConfiguration)}
            """)
        { model, outDir };
        trainer.AddTo(command, model, "mlp");
        command.Options.Add(dataDir);
        command.Options.Add(limit);
        command.Options.Add(standardize);
        command.Options.Add(weights);
        command.Options.Add(saveWeights);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(model)!;
            var folder = parse.GetValue(outDir)!;
            OutputPaths.RequireDistinct([OutputPaths.Input("--weights", parse.GetValue(weights)), OutputPaths.Output("--save-weights", parse.GetValue(saveWeights)),
                .. new[] { "metrics.json", "model.zip", "curves.png", "predictions.png" }.Select(f => OutputPaths.OutputIn("--out", folder, f))]);
            var options = trainer.Create(parse, name, classification: true);
            if (parse.GetValue(weights) is { } weightsPath) options.InitialWeights = StateDict.Load(weightsPath);
            return Run(cli, parse.GetValue(outDir)!, name, options, parse.GetValue(dataDir)!, parse.GetValue(limit), parse.GetValue(standardize), parse.GetValue(saveWeights));
        });
        return command;
    }

    private static int Run(CliContext cli, string outDir, string model, TorchTrainerOptions options, string dataDir, int limit, bool standardize, string? saveWeights)
    {
        if (File.Exists(outDir)) throw new UsageException($"--out {outDir} is a file; give a folder (it is created when missing).");
        var result = Train(cli, model, options, dataDir, limit, standardize);
        Directory.CreateDirectory(outDir); // after training: a run that fails creates nothing
        var metricsPath = Path.Combine(outDir, "metrics.json");
        AtomicFile.WriteAllText(metricsPath, result.MetricsJson); // a kill never leaves it empty; a planted link is replaced
        var modelPath = Path.Combine(outDir, "model.zip");
        // Described inside the zip, so a command given this model by mistake can say which command made it.
        DiveModelFile.Save(result.Context, result.Model, result.TestData.Schema, modelPath,
            DiveModelMetadata.Create("dive fashion-mnist", new { Model = model, result.TestAccuracy }));
        var curvesPath = Path.Combine(outDir, "curves.png");
        // --epochs 0 (given weights, scored as they are) has no epochs to draw.
        if (result.Network.History.Count > 0) LearningCurvePlot.Save([result.Network.History], "accuracy", curvesPath, $"Fashion-MNIST {model}");
        var predictionsPath = Path.Combine(outDir, "predictions.png");
        SavePredictionGrid(result, predictionsPath, count: 24);
        cli.Out.WriteLine($"test accuracy {result.TestAccuracy:F4}; fit {result.FitSeconds:F1} s");
        if (saveWeights is not null)
        {
            StateDict.From(result.Network).Save(saveWeights);
            cli.Out.WriteLine($"wrote {saveWeights} (state_dict: {string.Join(", ", StateDict.From(result.Network).Select(e => $"{e.Name} [{string.Join(", ", e.Shape)}]"))})");
        }
        if (result.Network.History.Count > 0) cli.Out.WriteLine($"wrote {curvesPath}");
        cli.Out.WriteLine($"wrote {predictionsPath}");
        cli.Out.WriteLine($"wrote {metricsPath}");
        cli.Out.WriteLine($"wrote {modelPath}");
        return ExitCodes.Success;
    }

    /// <summary>d2l's show_images: the first <paramref name="count"/> test images with true and predicted labels.</summary>
    public static void SavePredictionGrid(Result result, string path, int count)
    {
        var predicted = result.Model.Transform(result.Context.Data.TakeRows(result.TestData, count)).GetColumn<uint>("PredictedLabel").ToArray();
        var names = FashionMnistImages.ClassNames;
        var images = Enumerable.Range(0, predicted.Length).Select(i => result.TestImages.Image(i).ToArray()).ToArray();
        var truth = Enumerable.Range(0, predicted.Length).Select(i => names[result.TestImages.Labels[i]]).ToArray();
        var guesses = predicted.Select(k => k == 0 ? "?" : names[(int)k - 1]).ToArray();
        ImageGridPlot.Save(images, result.TestImages.Height, result.TestImages.Width, truth, guesses, path);
    }

    /// <summary>A finished run. <c>Model</c> is the whole fitted pipeline (optional standardisation, then the network); <c>Network</c> the fitted network with its history.</summary>
    public sealed record Result(MLContext Context, ITransformer Model, TorchMulticlassModel Network, IDataView TestData, FashionMnistImages TestImages, double TestAccuracy, double FitSeconds, string MetricsJson);

    public static Result Train(CliContext cli, string modelName, TorchTrainerOptions options, string? dataDir, int limit, bool standardize)
    {
        var ml = DiveTempFolder.CreateContext(options.Seed ?? 0);
        var trainImages = FashionMnist.Load(FashionMnistSplit.Train, dataDir);
        var testImages = FashionMnist.Load(FashionMnistSplit.Test, dataDir);
        IDataView train = trainImages.ToDataView();
        if (limit > 0) train = ml.Data.TakeRows(train, limit);
        IDataView test = testImages.ToDataView();
        var clock = Stopwatch.StartNew();
        // Fitted on the training images only; the test images (the validation data of every epoch) go through the same fitted transform.
        ITransformer? scaler = standardize ? ml.Transforms.NormalizeMeanVariance("Features").Fit(train) : null;
        var trainInput = scaler?.Transform(train) ?? train;
        options.ValidationData = scaler?.Transform(test) ?? test;
        cli.Out.WriteLine($"Fashion-MNIST {modelName}: {(standardize ? "standardised pixels, " : "")}{TrainerOptions.Describe(options)}" +
            (options.InitialWeights is { } start ? $", starting from given weights ({string.Join(", ", start.Keys)})" : ""));
        int epochs = options.Epochs;
        var network = cli.WithProgress(epochs, $"epoch 1/{epochs}", progress =>
        {
            options.Progress = r =>
            {
                progress.WriteLine($"epoch {r.Epoch,3}/{epochs}: train loss {r.TrainLoss:F4}, train acc {r.TrainMetric:F4}, test acc {r.ValidationMetric:F4} ({r.Seconds:F2} s)");
                progress.Report(r.Epoch, r.Epoch < epochs ? $"epoch {r.Epoch + 1}/{epochs}" : "exporting the network");
            };
            return options switch
            {
                SoftmaxRegressionOptions s => ml.MulticlassClassification.Trainers.TorchSoftmax(s).Fit(trainInput),
                MlpOptions m => ml.MulticlassClassification.Trainers.TorchMlp(m).Fit(trainInput),
                _ => throw new InvalidOperationException($"Fashion-MNIST has no {options.GetType().Name} model."),
            };
        });
        ITransformer model = scaler is null ? network : new TransformerChain<ITransformer>(scaler, network);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        var json = JsonSerializer.Serialize(new
        {
            model = modelName,
            epochs = network.History.Select(r => new { epoch = r.Epoch, train_loss = r.TrainLoss, train_acc = r.TrainMetric, test_acc = r.ValidationMetric, seconds = r.Seconds }),
            test_acc = metrics.MicroAccuracy,
            fit_seconds = fitSeconds,
        }, new JsonSerializerOptions { WriteIndented = true });
        return new Result(ml, model, network, test, testImages, metrics.MicroAccuracy, fitSeconds, json);
    }
}
