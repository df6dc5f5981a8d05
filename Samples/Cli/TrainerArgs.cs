using DiveML.Trainers;

namespace DiveML.Samples.Cli;

/// <summary>The trainer options shared by <c>dive fashion-mnist</c> and <c>dive kaggle</c>.</summary>
public static class TrainerArgs
{
    public const string Usage = """
          --epochs N             passes over the data            --lr X               learning rate
          --batch-size B         minibatch size                  --optimizer sgd|adam
          --hidden 256[,128]     MLP hidden layer sizes          --dropout P[,P]      dropout after each hidden layer
          --activation relu|sigmoid|tanh                         --weight-decay W     L2 on weights (not biases)
          --init normal|xavier|kaiming|torch-default             --seed S             reproducible runs
          --device auto|cpu|cuda                                 --schedule constant|cosine
          --ensemble K           train K networks and average their outputs: steadier results, K× the time
        """;

    /// <summary>Creates the options for <paramref name="model"/> (linear, softmax or mlp) with the command line applied on top of d2l's defaults.</summary>
    public static TorchTrainerOptions Create(CommandArgs args, string model, bool classification, Action<TorchTrainerOptions>? defaults = null)
    {
        TorchTrainerOptions options = model switch
        {
            "linear" when !classification => new LinearRegressionOptions(),
            "softmax" when classification => new SoftmaxRegressionOptions(),
            "mlp" => new MlpOptions(),
            _ => throw new UsageException($"--model {model} is not available for {(classification ? "classification (softmax, mlp)" : "regression (linear, mlp)")}."),
        };
        defaults?.Invoke(options);
        options.Epochs = args.Int("epochs", options.Epochs, 1, 100_000);
        options.LearningRate = args.Double("lr", options.LearningRate, 1e-12, 1e6);
        options.BatchSize = args.Int("batch-size", options.BatchSize, 1, 1_000_000);
        options.Optimizer = args.Enum("optimizer", options.Optimizer);
        options.WeightDecay = args.Double("weight-decay", options.WeightDecay, 0, 1e6);
        options.Initialization = args.Enum("init", options.Initialization);
        options.Device = args.Enum("device", options.Device);
        options.Schedule = args.Enum("schedule", options.Schedule);
        options.EnsembleSize = args.Int("ensemble", options.EnsembleSize, 1, 1000);
        var seed = args.Optional("seed");
        if (seed is not null)
        {
            if (!int.TryParse(seed, System.Globalization.CultureInfo.InvariantCulture, out int s)) throw new UsageException($"--seed must be a whole number (got '{seed}').");
            options.Seed = s;
        }
        var hidden = args.List("hidden");
        var dropout = args.List("dropout");
        var activation = args.Optional("activation");
        if (options is MlpOptions mlp)
        {
            if (hidden.Count > 0) mlp.HiddenLayers = hidden.Select(h => int.TryParse(h, out int n) && n > 0 ? n : throw new UsageException($"--hidden takes positive sizes separated by commas (got '{h}').")).ToArray();
            if (dropout.Count > 0) mlp.Dropout = dropout.Select(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && v >= 0 && v < 1 ? v : throw new UsageException($"--dropout takes probabilities in [0, 1) (got '{p}').")).ToArray();
            if (activation is not null) mlp.Activation = Enum.TryParse<Activation>(activation, true, out var a) ? a : throw new UsageException($"--activation must be relu, sigmoid or tanh (got '{activation}').");
        }
        else if (hidden.Count > 0 || dropout.Count > 0 || activation is not null)
        {
            throw new UsageException($"--hidden, --dropout and --activation apply to --model mlp only.");
        }
        return options;
    }

    public static string Describe(TorchTrainerOptions o)
    {
        var text = $"{o.Optimizer.ToString().ToLowerInvariant()} lr {o.LearningRate}, batch {o.BatchSize}, {o.Epochs} epochs, init {o.Initialization.ToString().ToLowerInvariant()}";
        if (o.WeightDecay > 0) text += $", weight decay {o.WeightDecay}";
        if (o.Schedule != LearningRateSchedule.Constant) text += $", {o.Schedule.ToString().ToLowerInvariant()} schedule";
        if (o.EnsembleSize > 1) text += $", ensemble of {o.EnsembleSize}";
        if (o is MlpOptions m) text = $"hidden [{string.Join(",", m.HiddenLayers)}] {m.Activation}" + (m.Dropout.Count > 0 ? $", dropout [{string.Join(",", m.Dropout)}]" : "") + ", " + text;
        return text;
    }
}
