using System.Text.Json.Serialization;
using DiveML.Trainers;

namespace DiveML.Extensions.Scale;

/// <summary>
/// The options of one of DiveML's built-in networks as plain data (JSON), from which a worker in another process or on
/// another machine rebuilds exactly the trainer options the command line made: <see cref="From"/> and
/// <see cref="ToOptions"/> round-trip every setting that changes a fit. Callbacks, validation data and warm-start
/// weights are not data, and custom networks are code: those are refused by name.
/// </summary>
public sealed record NetworkSpec
{
    /// <summary>linear, softmax, logistic or mlp.</summary>
    public required string Kind { get; init; }
    /// <summary><see cref="TorchTrainerOptions.FeatureColumnName"/>.</summary>
    public string FeatureColumnName { get; init; } = "Features";
    /// <summary><see cref="TorchTrainerOptions.LabelColumnName"/>.</summary>
    public string LabelColumnName { get; init; } = "Label";
    /// <summary><see cref="TorchTrainerOptions.Epochs"/>.</summary>
    public int Epochs { get; init; }
    /// <summary><see cref="TorchTrainerOptions.BatchSize"/>.</summary>
    public int BatchSize { get; init; }
    /// <summary><see cref="TorchTrainerOptions.LearningRate"/>.</summary>
    public double LearningRate { get; init; }
    /// <summary><see cref="TorchTrainerOptions.Schedule"/>.</summary>
    public LearningRateSchedule Schedule { get; init; }
    /// <summary><see cref="TorchTrainerOptions.Optimizer"/>.</summary>
    public OptimizerKind Optimizer { get; init; }
    /// <summary><see cref="TorchTrainerOptions.WeightDecay"/>.</summary>
    public double WeightDecay { get; init; }
    /// <summary><see cref="TorchTrainerOptions.Initialization"/>.</summary>
    public Initialization Initialization { get; init; }
    /// <summary><see cref="TorchTrainerOptions.OutputBiasFromLabelMean"/>.</summary>
    public bool OutputBiasFromLabelMean { get; init; }
    /// <summary><see cref="TorchTrainerOptions.Shuffle"/>.</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary><see cref="TorchTrainerOptions.Seed"/>: a unit of work must have one, or it would not repeat.</summary>
    public int? Seed { get; init; }
    /// <summary><see cref="TorchTrainerOptions.EnsembleSize"/>.</summary>
    public int EnsembleSize { get; init; } = 1;
    /// <summary><see cref="TorchTrainerOptions.EnsembleMember"/>.</summary>
    public int? EnsembleMember { get; init; }
    /// <summary><see cref="TorchTrainerOptions.Device"/>.</summary>
    public TrainingDevice Device { get; init; }
    /// <summary>
    /// <see cref="TorchTrainerOptions.Threads"/>: part of the unit, since a fit repeats exactly only on the same thread
    /// count. Null (the default, left out of the JSON) lets the fitting process choose.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Threads { get; init; }
    /// <summary><see cref="TorchTrainerOptions.EarlyStopping"/>.</summary>
    public EarlyStoppingOptions? EarlyStopping { get; init; }
    /// <summary>MLP only: <see cref="MlpOptions.HiddenLayers"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? HiddenLayers { get; init; }
    /// <summary>MLP only: <see cref="MlpOptions.Activation"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Activation? Activation { get; init; }
    /// <summary>MLP only: <see cref="MlpOptions.Dropout"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Dropout { get; init; }

    /// <summary>The spec of <paramref name="options"/>; refuses what cannot travel as data.</summary>
    public static NetworkSpec From(TorchTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string kind = options switch
        {
            MlpOptions => "mlp",
            LinearRegressionOptions => "linear",
            SoftmaxRegressionOptions => "softmax",
            LogisticRegressionOptions => "logistic",
            _ => throw new NotSupportedException($"A {options.GetType().Name} network is code, not data: only DiveML's linear, softmax, logistic and mlp networks can be fitted in other processes."),
        };
        if (options.InitialWeights is not null)
            throw new NotSupportedException("Initial weights are not sent to other processes: fit networks that start from given weights in this process.");
        var mlp = options as MlpOptions;
        return new NetworkSpec
        {
            Kind = kind, FeatureColumnName = options.FeatureColumnName, LabelColumnName = options.LabelColumnName, Epochs = options.Epochs,
            BatchSize = options.BatchSize, LearningRate = options.LearningRate, Schedule = options.Schedule, Optimizer = options.Optimizer,
            WeightDecay = options.WeightDecay, Initialization = options.Initialization, OutputBiasFromLabelMean = options.OutputBiasFromLabelMean,
            Shuffle = options.Shuffle, Seed = options.Seed, EnsembleSize = options.EnsembleSize, EnsembleMember = options.EnsembleMember,
            Device = options.Device, Threads = options.Threads,
            EarlyStopping = options.EarlyStopping is { } e ? new EarlyStoppingOptions { Patience = e.Patience, MinDelta = e.MinDelta, ValidationFraction = e.ValidationFraction, Seed = e.Seed } : null,
            HiddenLayers = mlp?.HiddenLayers.ToArray(), Activation = mlp?.Activation, Dropout = mlp?.Dropout.ToArray(),
        };
    }

    /// <summary>Fresh trainer options with every setting of the spec (no callbacks, no validation data).</summary>
    public TorchTrainerOptions ToOptions()
    {
        TorchTrainerOptions options = Kind switch
        {
            "mlp" => new MlpOptions { HiddenLayers = HiddenLayers?.ToArray() ?? [256], Activation = Activation ?? Trainers.Activation.ReLU, Dropout = Dropout?.ToArray() ?? [] },
            "linear" => new LinearRegressionOptions(),
            "softmax" => new SoftmaxRegressionOptions(),
            "logistic" => new LogisticRegressionOptions(),
            _ => throw new InvalidDataException($"Unknown network kind '{Kind}' in a unit of work (known: linear, softmax, logistic, mlp): was it written by another version of DiveML?"),
        };
        options.FeatureColumnName = FeatureColumnName;
        options.LabelColumnName = LabelColumnName;
        options.Epochs = Epochs;
        options.BatchSize = BatchSize;
        options.LearningRate = LearningRate;
        options.Schedule = Schedule;
        options.Optimizer = Optimizer;
        options.WeightDecay = WeightDecay;
        options.Initialization = Initialization;
        options.OutputBiasFromLabelMean = OutputBiasFromLabelMean;
        options.Shuffle = Shuffle;
        options.Seed = Seed;
        options.EnsembleSize = EnsembleSize;
        options.EnsembleMember = EnsembleMember;
        options.Device = Device;
        options.Threads = Threads;
        options.EarlyStopping = EarlyStopping is { } e ? new EarlyStoppingOptions { Patience = e.Patience, MinDelta = e.MinDelta, ValidationFraction = e.ValidationFraction, Seed = e.Seed } : null;
        return options;
    }
}
