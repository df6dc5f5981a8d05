using DiveML.Extensions.Kaggle;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary>
/// The models of <c>dive kaggle</c>: which tasks each serves, the networks' defaults and trainers, ML.NET's trainers
/// (<see cref="TabularTrainers"/>) and the <c>--grid</c> candidates.
/// </summary>
public static class KaggleModels
{
    /// <summary>Every <c>--models</c> name, networks first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["linear", "softmax", "logistic", "mlp", .. TabularTrainers.Names];

    /// <summary>Every network model with <c>dive kaggle</c>'s defaults, for help.</summary>
    public static IReadOnlyList<(string Model, TorchTrainerOptions Options)> Defaults { get; } =
    [
        ("linear", WithDefaults(new LinearRegressionOptions())),
        ("softmax", WithDefaults(new SoftmaxRegressionOptions())),
        ("logistic", WithDefaults(new LogisticRegressionOptions())),
        ("mlp", WithDefaults(new MlpOptions())),
    ];

    /// <summary>DiveML networks (trained with TorchSharp; they take the trainer options); the others are ML.NET's trainers.</summary>
    public static bool IsNetwork(string model) => model is "linear" or "softmax" or "logistic" or "mlp";

    /// <summary>The tasks a model serves.</summary>
    public static IReadOnlyList<TabularTask> TasksOf(string model) => model switch
    {
        "linear" => [TabularTask.Regression],
        "softmax" => [TabularTask.Multiclass],
        "logistic" => [TabularTask.Binary],
        _ => [TabularTask.Regression, TabularTask.Binary, TabularTask.Multiclass],
    };

    /// <summary>The model used when neither --model nor --models is given.</summary>
    public static string DefaultModel(TabularTask task) => task switch
    {
        TabularTask.Regression => "linear",
        TabularTask.Binary => "logistic",
        _ => "softmax",
    };

    /// <summary>Null when <paramref name="model"/> can run on <paramref name="task"/>; else the reason, naming the option.</summary>
    public static string? Problem(string model, TabularTask task)
    {
        if (!TasksOf(model).Contains(task))
            return $"--models {model} is for {string.Join(" and ", TasksOf(model).Select(Name))} tasks, and this is a {Name(task)} task " +
                   $"(its models: {string.Join(", ", Names.Where(m => TasksOf(m).Contains(task)))}).";
        return null;
    }

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

    /// <summary>The network trainer of <paramref name="options"/> for <paramref name="task"/>.</summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, TorchTrainerOptions options, TabularTask task)
    {
        try
        {
            return TabularTrainers.Network(ml, options, task);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The trainer options of network <paramref name="model"/>: the model's defaults, <see cref="ApplyDefaults"/>, then the command line.</summary>
    public static TorchTrainerOptions CreateOptions(TrainerOptions trainer, System.CommandLine.ParseResult parse, string model, TabularTask task)
        => trainer.Create(parse, model, classification: task != TabularTask.Regression, ApplyDefaults);

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

    /// <summary>The task as the command line writes it.</summary>
    public static string Name(TabularTask task) => task.ToString().ToLowerInvariant();

    private static TorchTrainerOptions WithDefaults(TorchTrainerOptions options)
    {
        ApplyDefaults(options);
        return options;
    }
}
