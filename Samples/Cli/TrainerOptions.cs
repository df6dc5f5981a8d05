using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DiveML.Trainers;

namespace DiveML.Samples.Cli;

/// <summary>
/// The trainer options shared by <c>dive fashion-mnist</c> and <c>dive kaggle</c>. A new trainer option is added here
/// only: declare it, list it in <see cref="All"/>, apply it in <see cref="Create"/>. Every option is null when not
/// given, so each command's own defaults (per model) stay in force; help shows those defaults.
/// </summary>
public sealed class TrainerOptions
{
    private readonly IReadOnlyList<(string Model, TorchTrainerOptions Options)> _defaults;

    /// <param name="defaults">The options each model of the command starts from, e.g. ("linear", d2l 4.10's settings): shown in help.</param>
    public TrainerOptions(IReadOnlyList<(string Model, TorchTrainerOptions Options)> defaults)
    {
        _defaults = defaults;
        // 0 passes only score given weights: AddTo refuses it unless the command's --weights was given.
        Epochs = CliOptions.OptionalInt("--epochs", "N", Described("passes over the data", o => Text(o.Epochs)), 0, 100_000);
        LearningRate = CliOptions.OptionalDouble("--lr", "X", Described("learning rate", o => Text(o.LearningRate)), 1e-12, 1e6);
        BatchSize = CliOptions.OptionalInt("--batch-size", "B", Described("minibatch size", o => Text(o.BatchSize)), 1, 1_000_000);
        Optimizer = CliOptions.OptionalEnum<OptimizerKind>("--optimizer", Described("optimiser (adam is less sensitive to the learning rate)", o => Text(o.Optimizer)));
        Hidden = CliOptions.IntList("--hidden", "256[,128]", DescribedMlp(
            $"hidden layer sizes, input side first, each at most {CliOptions.MaxLayerSize} (mlp only)", m => string.Join(',', m.HiddenLayers)), 1, CliOptions.MaxLayerSize);
        Dropout = CliOptions.ProbabilityList("--dropout", "P[,P]", DescribedMlp(
            "dropout probability after the hidden layers, one for all or one per layer, each in [0, 1) (mlp only)", m => m.Dropout.Count == 0 ? "none" : string.Join(',', m.Dropout.Select(Text))));
        Activation = CliOptions.OptionalEnum<Activation>("--activation", DescribedMlp("activation after each hidden layer (mlp only)", m => Text(m.Activation)));
        WeightDecay = CliOptions.OptionalDouble("--weight-decay", "W", Described("L2 penalty on weights, not biases", o => Text(o.WeightDecay)), 0, 1e6);
        Init = CliOptions.OptionalEnum<Initialization>("--init", Described("weight initialisation", o => Text(o.Initialization)));
        Seed = CliOptions.OptionalInt("--seed", "S", CliOptions.WithDefault("seed of initialisation, shuffling and dropout: the same seed repeats a run", "random"));
        Device = CliOptions.OptionalEnum<TrainingDevice>("--device", Described("where to train (auto: CUDA when available)", o => Text(o.Device)));
        Schedule = CliOptions.OptionalEnum<LearningRateSchedule>("--schedule", Described("learning rate per epoch: constant, or cosine decay to 0", o => Text(o.Schedule)));
        Ensemble = CliOptions.OptionalInt("--ensemble", "K", Described("train K networks and average their outputs: steadier results, K× the time", o => Text(o.EnsembleSize)), 1, 1000);
        EarlyStopping = CliOptions.OptionalInt("--early-stopping", "PATIENCE", CliOptions.WithDefault(
            "hold out part of the training rows, stop after PATIENCE epochs without improvement on them and keep the best epoch; --epochs is then the maximum", "off"), 1, 100_000);
        ValidationFraction = CliOptions.OptionalDouble("--validation-fraction", "F", CliOptions.WithDefault(
            "share of the training rows --early-stopping holds out (stratified by class for classification)", Text(new EarlyStoppingOptions().ValidationFraction)), 0.01, 0.9);
        TorchThreads = CliOptions.OptionalInt("--torch-threads", "T", CliOptions.WithDefault(
            "libtorch threads per fit; set it when several runs share the machine (runs × T ≤ cores)",
            $"1 for networks under {DiveML.Trainers.TorchThreads.SmallNetworkThreshold / 1_000_000}M multiply-adds per minibatch, else every core"), 1, 1024);
    }

    public Option<int?> Epochs { get; }
    public Option<double?> LearningRate { get; }
    public Option<int?> BatchSize { get; }
    public Option<OptimizerKind?> Optimizer { get; }
    public Option<int[]?> Hidden { get; }
    public Option<double[]?> Dropout { get; }
    public Option<Activation?> Activation { get; }
    public Option<double?> WeightDecay { get; }
    public Option<Initialization?> Init { get; }
    public Option<int?> Seed { get; }
    public Option<TrainingDevice?> Device { get; }
    public Option<LearningRateSchedule?> Schedule { get; }
    public Option<int?> Ensemble { get; }
    public Option<int?> EarlyStopping { get; }
    public Option<double?> ValidationFraction { get; }
    public Option<int?> TorchThreads { get; }

    /// <summary>Every trainer option, in help order.</summary>
    public IEnumerable<Option> All => [Epochs, LearningRate, BatchSize, Optimizer, Hidden, Dropout, Activation, WeightDecay, Init, Seed, Device, Schedule, Ensemble, EarlyStopping, ValidationFraction, TorchThreads];

    /// <summary>The options that shape a network (all but --seed, which also seeds folds and other trainers), as typed.</summary>
    public IEnumerable<Option> NetworkOnly => All.Where(o => o != Seed);

    /// <summary>
    /// Adds the options to <paramref name="command"/>, with the checks that need its <paramref name="model"/> option too.
    /// <paramref name="modelDefault"/> is the model when <c>--model</c> is not given; null when it depends on the data (then never mlp).
    /// </summary>
    public void AddTo(Command command, Option<string> model, string? modelDefault)
        => AddTo(command, result => Token(result, model)?.ToLowerInvariant() is { } typed ? [typed] : modelDefault is null ? [] : [modelDefault]);

    /// <summary>
    /// Adds the options to <paramref name="command"/>; <paramref name="models"/> gives the models the command line asks for
    /// (empty when they depend on the data, which then never means mlp), for the checks of MLP-only options.
    /// </summary>
    public void AddTo(Command command, Func<CommandResult, IReadOnlyList<string>> models)
    {
        foreach (var option in All) command.Options.Add(option);
        command.Validators.Add(result => CheckMlpOptions(result, models(result)));
        command.Validators.Add(CheckZeroEpochs);
        command.Validators.Add(result =>
        {
            if (Given(result, ValidationFraction) && !Given(result, EarlyStopping))
                result.AddError("--validation-fraction applies with --early-stopping only.");
        });
    }

    /// <summary>--epochs 0 trains nothing: meaningful only when the command starts from given weights (--weights).</summary>
    private void CheckZeroEpochs(CommandResult result)
    {
        if (Token(result, Epochs) is not "0") return;
        var weights = result.Command.Options.FirstOrDefault(o => o.Name == "--weights");
        if (weights is null)
            result.AddError("--epochs must be a whole number from 1 to 100000 (got '0').");
        else if (result.GetResult(weights) is not { Implicit: false })
            result.AddError("--epochs 0 trains nothing: give --weights FILE.pt to score those weights, or at least 1 epoch.");
    }

    /// <summary>Whether <paramref name="option"/> was typed on the command line.</summary>
    public static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>
    /// The trainer options of <paramref name="model"/> (linear, softmax, logistic or mlp): its defaults, then
    /// <paramref name="defaults"/> (the command's), then what the command line gives.
    /// </summary>
    public TorchTrainerOptions Create(ParseResult parse, string model, bool classification, Action<TorchTrainerOptions>? defaults = null)
    {
        TorchTrainerOptions options = model switch
        {
            "linear" when !classification => new LinearRegressionOptions(),
            "softmax" when classification => new SoftmaxRegressionOptions(),
            "logistic" when classification => new LogisticRegressionOptions(),
            "mlp" => new MlpOptions(),
            _ => throw new UsageException($"--model {model} is not available for {(classification ? "classification (softmax, logistic, mlp)" : "regression (linear, mlp)")}."),
        };
        defaults?.Invoke(options);
        // ValueIfGiven: an option not typed keeps the default of the model and the command.
        options.Epochs = parse.ValueIfGiven(Epochs) ?? options.Epochs;
        options.LearningRate = parse.ValueIfGiven(LearningRate) ?? options.LearningRate;
        options.BatchSize = parse.ValueIfGiven(BatchSize) ?? options.BatchSize;
        options.Optimizer = parse.ValueIfGiven(Optimizer) ?? options.Optimizer;
        options.WeightDecay = parse.ValueIfGiven(WeightDecay) ?? options.WeightDecay;
        options.Initialization = parse.ValueIfGiven(Init) ?? options.Initialization;
        options.Seed = parse.ValueIfGiven(Seed) ?? options.Seed;
        options.Device = parse.ValueIfGiven(Device) ?? options.Device;
        options.Schedule = parse.ValueIfGiven(Schedule) ?? options.Schedule;
        options.EnsembleSize = parse.ValueIfGiven(Ensemble) ?? options.EnsembleSize;
        options.Threads = parse.ValueIfGiven(TorchThreads) ?? options.Threads;
        if (parse.ValueIfGiven(EarlyStopping) is int patience)
            options.EarlyStopping = new EarlyStoppingOptions { Patience = patience, ValidationFraction = parse.ValueIfGiven(ValidationFraction) ?? new EarlyStoppingOptions().ValidationFraction };
        if (options is MlpOptions mlp)
        {
            mlp.HiddenLayers = parse.ValueIfGiven(Hidden) ?? mlp.HiddenLayers;
            mlp.Dropout = parse.ValueIfGiven(Dropout) ?? mlp.Dropout;
            mlp.Activation = parse.ValueIfGiven(Activation) ?? mlp.Activation;
        }
        return options;
    }

    /// <summary>One line for the run's header, e.g. "hidden [256] ReLU, dropout [0.5], adam lr 0.002, batch 256, …".</summary>
    public static string Describe(TorchTrainerOptions o)
    {
        var text = $"{Text(o.Optimizer)} lr {Text(o.LearningRate)}, batch {o.BatchSize}, {o.Epochs} epochs, init {Text(o.Initialization)}";
        if (o.WeightDecay > 0) text += $", weight decay {Text(o.WeightDecay)}";
        if (o.Schedule != LearningRateSchedule.Constant) text += $", {Text(o.Schedule)} schedule";
        if (o.EnsembleSize > 1) text += $", ensemble of {o.EnsembleSize}";
        if (o.EarlyStopping is { } stop) text += $", early stopping (patience {stop.Patience}, {Text(stop.ValidationFraction)} held out)";
        if (o is MlpOptions m) text = $"hidden [{string.Join(",", m.HiddenLayers)}] {m.Activation}" + (m.Dropout.Count > 0 ? $", dropout [{string.Join(",", m.Dropout.Select(Text))}]" : "") + ", " + text;
        return text;
    }

    /// <summary>--hidden, --dropout and --activation shape an MLP; with another model they would be silently ignored.</summary>
    private void CheckMlpOptions(CommandResult result, IReadOnlyList<string> models)
    {
        var given = new Option[] { Hidden, Dropout, Activation }.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (given.Count == 0) return;
        if (!models.Contains("mlp"))
        {
            result.AddError($"{string.Join(", ", given)} appl{(given.Count == 1 ? "ies" : "y")} to --model mlp only.");
            return;
        }
        var mlpDefaults = _defaults.Select(d => d.Options).OfType<MlpOptions>().FirstOrDefault();
        int layers = Token(result, Hidden)?.Split(',').Length ?? mlpDefaults?.HiddenLayers.Count ?? 1;
        int probabilities = Token(result, Dropout)?.Split(',').Length ?? 0;
        if (probabilities > 1 && probabilities != layers)
            result.AddError($"--dropout has {probabilities} probabilities for {layers} hidden layer{(layers == 1 ? "" : "s")}: give one for all layers, or one per layer.");
    }

    /// <summary>The text typed after <paramref name="option"/>, or null when it was not given.</summary>
    public static string? Token(CommandResult result, Option option) => result.GetResult(option)?.Tokens is [var token] ? token.Value : null;

    /// <summary>"description [default: 10]", or "[default: linear 100, softmax 50, logistic 50, mlp 200]" when the models differ.</summary>
    private string Described(string description, Func<TorchTrainerOptions, string> value)
    {
        var values = _defaults.Select(d => (d.Model, Value: value(d.Options))).ToList();
        var text = values.Select(v => v.Value).Distinct().Count() == 1 ? values[0].Value : string.Join(", ", values.Select(v => $"{v.Model} {v.Value}"));
        return CliOptions.WithDefault(description, text);
    }

    private string DescribedMlp(string description, Func<MlpOptions, string> value)
        => _defaults.Select(d => d.Options).OfType<MlpOptions>().FirstOrDefault() is { } mlp ? CliOptions.WithDefault(description, value(mlp)) : description;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text<T>(T value) where T : struct, Enum => EnumNames.Of(value);
}
