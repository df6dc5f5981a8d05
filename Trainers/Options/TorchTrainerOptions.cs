using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>
/// Options shared by every DiveML trainer. Each trainer's options class sets d2l's values as defaults; the values below
/// are documented per class.
/// </summary>
public abstract class TorchTrainerOptions
{
    /// <summary>Name of the feature column: a known-size vector of <see cref="float"/> (or one float). Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Name of the label column: <see cref="float"/> for regression, <see cref="bool"/> for binary classification, a key for multiclass classification. Default <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>
    /// Passes over the training data. Raise it when the history's validation metric still improves. 0 is allowed with
    /// <see cref="InitialWeights"/>: the model then scores the given weights as they are.
    /// </summary>
    public int Epochs { get; set; }

    /// <summary>Minibatch size. Larger batches run faster per epoch but need a larger learning rate.</summary>
    public int BatchSize { get; set; }

    /// <summary>Step size. Lower it if training stops with a divergence error.</summary>
    public double LearningRate { get; set; }

    /// <summary>Learning-rate schedule. Default <see cref="Trainers.LearningRateSchedule.Constant"/>; Cosine often gains the last half point of accuracy.</summary>
    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Constant;

    /// <summary>Optimiser. Default <see cref="OptimizerKind.Sgd"/> (d2l); Adam is less sensitive to the learning rate.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;

    /// <summary>L2 penalty on weights only, never biases (d2l 4.5). Default 0. Raise it (e.g. 1e-3) when the model overfits.</summary>
    public double WeightDecay { get; set; }

    /// <summary>Weight initialisation. Default <see cref="Trainers.Initialization.Normal"/> (N(0, 0.01²), as d2l).</summary>
    public Initialization Initialization { get; set; } = Initialization.Normal;

    /// <summary>
    /// Regression only: start the last linear layer's bias at the mean training label instead of 0, so the first epochs
    /// are not spent moving it (labels far from 0, such as log prices around 12, need this with small learning rates).
    /// Default false (d2l's behaviour).
    /// </summary>
    public bool OutputBiasFromLabelMean { get; set; }

    /// <summary>
    /// Weights to start from instead of the initialisation (warm start, fine-tuning; d2l 5.5): e.g.
    /// <c>StateDict.Load("mlp.params")</c>, a file PyTorch's <c>torch.save(net.state_dict(), …)</c> wrote, or
    /// <c>StateDict.From(model)</c> of an earlier fit. Its keys and shapes must be the network's (a parameterless first
    /// layer such as the book's <c>nn.Flatten()</c> may shift the layer indexes); every ensemble member starts from
    /// them (or from its own <c>members.k.</c> entries). <see cref="Initialization"/> and
    /// <see cref="OutputBiasFromLabelMean"/> are then not applied. Default none.
    /// </summary>
    public StateDict? InitialWeights { get; set; }

    /// <summary>Shuffle the training rows every epoch. Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>
    /// Seed of initialisation, shuffling and dropout. Same seed, same data → bit-identical weights and history on the
    /// CPU. Default null: a random seed per fit (the MLContext's seed is not reachable through ML.NET's public API).
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Number of networks to train and average (an <see cref="EnsembleNetwork"/>): member k initialises, shuffles and
    /// draws dropout masks from its own seed (<see cref="EnsembleSeeds.Member"/>; member 0's is <see cref="Seed"/>), so
    /// it trains as it would alone. Default 1 (one plain network). 3–5 members usually lower the validation error of a
    /// small tabular dataset at 3–5× the training time; the saved model scores all members in one ONNX graph.
    /// </summary>
    public int EnsembleSize { get; set; } = 1;

    /// <summary>
    /// libtorch threads for this fit's operations. Default null: one thread for a small network (below
    /// <see cref="TorchThreads.SmallNetworkThreshold"/> multiply-adds per minibatch — typical of tabular data, where
    /// a second thread costs more than it gains, especially on a busy machine), every core for a larger one. Set it when
    /// several fits share the machine (N processes × Threads ≤ cores).
    /// </summary>
    public int? Threads { get; set; }

    /// <summary>
    /// Train only member k (0-based) of the ensemble of <see cref="EnsembleSize"/>: the fitted network is that member
    /// alone, bit-identical on the CPU to member k of the ensemble trained in lockstep (its history is the member's
    /// own). Lets the members of one ensemble be fitted as separate units of work. Not with <see cref="EarlyStopping"/>,
    /// where the ensemble stops as a whole. Default null: every member.
    /// </summary>
    public int? EnsembleMember { get; set; }

    /// <summary>Where to train. Default <see cref="TrainingDevice.Auto"/>. Fitted models always score on the CPU through ONNX Runtime.</summary>
    public TrainingDevice Device { get; set; } = TrainingDevice.Auto;

    /// <summary>
    /// Optional held-out data, scored after each epoch into <see cref="EpochRecord.ValidationMetric"/> (learning curves).
    /// It never decides anything: early stopping holds out rows of the training data instead. Default none.
    /// </summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>
    /// Stop when a held-out part of the training rows stops improving and keep the best epoch's weights; see
    /// <see cref="EarlyStoppingOptions"/>. Default null: train all <see cref="Epochs"/>, which are then the maximum.
    /// </summary>
    public EarlyStoppingOptions? EarlyStopping { get; set; }

    /// <summary>Called after each epoch with its record (for live progress). Default none.</summary>
    public Action<EpochRecord>? Progress { get; set; }

    /// <summary>A shallow copy (for grids of settings); callbacks, validation data and early-stopping settings are shared.</summary>
    public TorchTrainerOptions Clone() => (TorchTrainerOptions)MemberwiseClone();

    internal void Validate()
    {
        if (Threads is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be between 1 and 1024, or null to let DiveML choose.");
        if (Epochs < (InitialWeights is null ? 1 : 0))
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, InitialWeights is null ? "Epochs must be at least 1 (0 only with InitialWeights)." : "Epochs must be 0 or more.");
        if (EnsembleSize < 1) throw new ArgumentOutOfRangeException(nameof(EnsembleSize), EnsembleSize, "EnsembleSize must be at least 1 (1 trains one plain network).");
        if (EnsembleMember is int member)
        {
            if (member < 0 || member >= EnsembleSize)
                throw new ArgumentOutOfRangeException(nameof(EnsembleMember), member, $"EnsembleMember must be a member of the ensemble, from 0 to {EnsembleSize - 1} (EnsembleSize {EnsembleSize}).");
            if (EarlyStopping is not null)
                throw new ArgumentException("EnsembleMember cannot be combined with EarlyStopping: an ensemble stops as a whole, so one member alone would stop elsewhere.", nameof(EnsembleMember));
        }
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive number.");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be zero or positive.");
        EarlyStopping?.Validate();
    }
}
