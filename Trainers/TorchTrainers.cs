using DiveML.Trainers.Onnx;
using DiveML.Trainers.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Trainers;

/// <summary>Shared fitting logic: checks, ingestion, training, export and the scoring chain.</summary>
public abstract class TorchTrainerBase<TModel> : IEstimator<TModel> where TModel : TorchModel
{
    private protected readonly MLContext Env = new(seed: 0); // builds built-in transforms only; training uses Options.Seed

    private protected TorchTrainerBase(TorchTrainerOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>The trainer's options.</summary>
    public TorchTrainerOptions Options { get; }

    /// <inheritdoc/>
    public abstract SchemaShape GetOutputSchema(SchemaShape inputSchema);

    /// <inheritdoc/>
    public abstract TModel Fit(IDataView input);

    /// <summary>Checks that the feature and label columns exist (before any data is read); returns the label column.</summary>
    private protected SchemaShape.Column CheckColumns(SchemaShape schema)
    {
        foreach (var (name, role) in new[] { (Options.FeatureColumnName, "feature"), (Options.LabelColumnName, "label") })
            if (!schema.Any(c => c.Name == name))
                throw new ArgumentOutOfRangeException(nameof(schema), $"The input has no {role} column '{name}'. Its columns are: {string.Join(", ", schema.Select(c => c.Name))}.");
        return schema.First(c => c.Name == Options.LabelColumnName);
    }

    private protected (TrainingOutcome Outcome, byte[]? Onnx, string? Blocker, ITransformer Chain) FitCore(IDataView input, int classCount, string[]? classNames)
    {
        ArgumentNullException.ThrowIfNull(input);
        var train = TrainingData.Load(input, Options.FeatureColumnName, Options.LabelColumnName, classCount, "Training");
        TrainingData? validation = null;
        if (Options.ValidationData is { } validationView)
        {
            int validationDimension = TrainingData.FeatureDimension(validationView.Schema, Options.FeatureColumnName);
            if (validationDimension != train.Dimension)
                throw new ArgumentException($"ValidationData's '{Options.FeatureColumnName}' has {validationDimension} features but the training data has {train.Dimension}. Transform both with the same fitted pipeline.");
            validation = TrainingData.Load(validationView, Options.FeatureColumnName, Options.LabelColumnName, classCount, "Validation");
        }
        int outputs = classCount == 0 ? 1 : classCount;
        var outcome = TorchTraining.Train(Options, train, validation, outputs, classCount > 0);
        string? blocker = NetworkExporter.FindUnsupported(outcome.Network);
        byte[]? onnx = blocker is null
            ? NetworkExporter.Export(outcome.Network, Options.FeatureColumnName, train.Dimension, outputs, classCount > 0, ScoringChain.VectorColumn)
            : null;
        var device = TorchTraining.ResolveDevice(Options.Device);
        var chain = ScoringChain.Build(Env, input, onnx, outcome.Network, device, Options.FeatureColumnName, train.Dimension, classNames);
        return (outcome, onnx, blocker, chain);
    }
}

/// <summary>
/// Trains a regression network (linear regression, MLP or your own module) with TorchSharp; the fitted model adds a
/// <c>Score</c> column. Create it with <c>mlContext.Regression.Trainers.TorchLinear/TorchMlp/TorchNetwork</c>.
/// </summary>
/// <remarks>
/// Input: <c>Features</c>, a known-size vector of Single without NaN/Infinity; <c>Label</c>, Single. Output: <c>Score</c>
/// (Single). Works with <c>Regression.Evaluate</c>, <c>CrossValidate</c>, <c>PredictionEngine</c> and <c>Model.Save/Load</c>.
/// </remarks>
public sealed class TorchRegressionTrainer : TorchTrainerBase<TorchRegressionModel>
{
    /// <summary>Creates the trainer; prefer the catalog methods.</summary>
    public TorchRegressionTrainer(TorchTrainerOptions options) : base(options) { }

    /// <inheritdoc/>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var label = CheckColumns(inputSchema);
        if (label.ItemType != NumberDataViewType.Single || label.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Label column '{Options.LabelColumnName}' must be a Single scalar for regression.");
        // A built-in estimator with the same effect on the schema: a Single 'Score' column.
        return Env.Transforms.CopyColumns("Score", Options.LabelColumnName).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc/>
    public override TorchRegressionModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int features = TrainingData.FeatureDimension(input.Schema, Options.FeatureColumnName);
        TrainingData.CheckRegressionLabel(input.Schema, Options.LabelColumnName);
        var (outcome, onnx, blocker, chain) = FitCore(input, 0, null);
        return new TorchRegressionModel(chain, outcome, Options.FeatureColumnName, features, onnx, blocker);
    }
}

/// <summary>
/// Trains a multiclass network (softmax regression, MLP or your own module) with TorchSharp; the fitted model adds
/// <c>Score</c> (class probabilities) and <c>PredictedLabel</c>. Create it with
/// <c>mlContext.MulticlassClassification.Trainers.TorchSoftmax/TorchMlp/TorchNetwork</c>.
/// </summary>
/// <remarks>
/// Input: <c>Features</c>, a known-size vector of Single without NaN/Infinity; <c>Label</c>, a key. Output: <c>Score</c>
/// (vector of K probabilities) and <c>PredictedLabel</c> (key with the label's key values).
/// </remarks>
public sealed class TorchMulticlassTrainer : TorchTrainerBase<TorchMulticlassModel>
{
    /// <summary>Creates the trainer; prefer the catalog methods.</summary>
    public TorchMulticlassTrainer(TorchTrainerOptions options) : base(options) { }

    /// <inheritdoc/>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var label = CheckColumns(inputSchema);
        if (!label.IsKey)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Label column '{Options.LabelColumnName}' must be a key for multiclass training: add mlContext.Transforms.Conversion.MapValueToKey(\"{Options.LabelColumnName}\").");
        // Built-in estimators with the same effect on the schema: a Single vector 'Score' and a key 'PredictedLabel'.
        return Env.Transforms.Conversion.MapKeyToVector("Score", Options.LabelColumnName)
            .Append(Env.Transforms.CopyColumns("PredictedLabel", Options.LabelColumnName))
            .GetOutputSchema(inputSchema);
    }

    /// <inheritdoc/>
    public override TorchMulticlassModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int features = TrainingData.FeatureDimension(input.Schema, Options.FeatureColumnName);
        var (count, names) = TrainingData.ClassLabels(input.Schema, Options.LabelColumnName);
        var (outcome, onnx, blocker, chain) = FitCore(input, count, names);
        return new TorchMulticlassModel(chain, outcome, Options.FeatureColumnName, features, onnx, blocker, names);
    }
}
