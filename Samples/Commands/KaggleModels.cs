using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary>The models of <c>dive kaggle</c>: their defaults, their trainers and the <c>--grid</c> candidates.</summary>
public static class KaggleModels
{
    /// <summary>Every model with <c>dive kaggle</c>'s defaults, for help.</summary>
    public static IReadOnlyList<(string Model, TorchTrainerOptions Options)> Defaults { get; } =
    [
        ("linear", WithDefaults(new LinearRegressionOptions())),
        ("softmax", WithDefaults(new SoftmaxRegressionOptions())),
        ("mlp", WithDefaults(new MlpOptions())),
    ];

    /// <summary>
    /// d2l 4.10's settings for the linear model. The MLP ones are the best measured on house prices (docs/benchmarks.md):
    /// a single such network averages 0.1268 valid log-RMSE over seeds, an ensemble of 5 0.1242, so 5 is the default.
    /// </summary>
    public static void ApplyDefaults(TorchTrainerOptions o)
    {
        o.Optimizer = OptimizerKind.Adam;
        o.BatchSize = 64;
        o.Epochs = 100;
        o.Initialization = Initialization.TorchDefault;
        switch (o)
        {
            case LinearRegressionOptions: o.LearningRate = 5; break;
            case MlpOptions mlp: mlp.LearningRate = 0.002; mlp.BatchSize = 256; mlp.Epochs = 200; mlp.WeightDecay = 1e-3; mlp.Dropout = [0.5]; mlp.OutputBiasFromLabelMean = true; mlp.EnsembleSize = 5; break;
            default: o.LearningRate = 0.01; o.Epochs = 50; break;
        }
    }

    public static IEstimator<ITransformer> Trainer(MLContext ml, TorchTrainerOptions options, bool classification) => (options, classification) switch
    {
        (MlpOptions m, true) => ml.MulticlassClassification.Trainers.TorchMlp(m),
        (SoftmaxRegressionOptions s, true) => ml.MulticlassClassification.Trainers.TorchSoftmax(s),
        (MlpOptions m, false) => ml.Regression.Trainers.TorchMlp(m),
        (LinearRegressionOptions l, false) => ml.Regression.Trainers.TorchLinear(l),
        _ => throw new UsageException("Unsupported model for this task."),
    };

    public static TorchTrainerOptions WithValidation(TorchTrainerOptions options, IDataView? validation)
    {
        var copy = options.Clone();
        copy.ValidationData = validation;
        return copy;
    }

    /// <summary>The --grid candidates: a few values around the model's defaults (listed in the help; results in docs/benchmarks.md).</summary>
    public static List<(string Name, TorchTrainerOptions Options)> Grid(string model, TorchTrainerOptions baseline, bool classification)
    {
        var list = new List<(string, TorchTrainerOptions)>();
        T Copy<T>(T o) where T : TorchTrainerOptions => (T)o.Clone();
        switch (baseline)
        {
            case MlpOptions mlp:
                foreach (var hidden in new[] { new[] { 256 }, new[] { 128 } })
                    foreach (var dropout in new[] { 0.5, 0.2 })
                        foreach (var lr in new[] { 0.001, 0.002 })
                        {
                            var o = Copy(mlp);
                            o.HiddenLayers = hidden; o.Dropout = [dropout]; o.LearningRate = lr;
                            list.Add(($"mlp hidden={hidden[0]} dropout={dropout} lr={lr} wd={o.WeightDecay}", o));
                        }
                break;
            default:
                foreach (var lr in classification ? new[] { 0.01, 0.1 } : new[] { 1.0, 5.0, 10.0 })
                    foreach (var wd in new[] { 0.0, 1e-3 })
                    {
                        var o = Copy(baseline);
                        o.LearningRate = lr; o.WeightDecay = wd;
                        list.Add(($"{model} lr={lr} wd={wd}", o));
                    }
                break;
        }
        return list;
    }

    private static TorchTrainerOptions WithDefaults(TorchTrainerOptions options)
    {
        ApplyDefaults(options);
        return options;
    }
}
