using DiveML.Trainers.Onnx;
using DiveML.Trainers.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Trainers;

/// <summary>Shared fitting logic: checks, ingestion, training, export and the scoring chain.</summary>
public abstract class TorchTrainerBase<TModel> : IEstimator<TModel> where TModel : TorchModel
{
    // Builds built-in transforms only (training uses Options.Seed). Its temporary files — ML.NET copies the ONNX bytes of
    // ApplyOnnxModel to a file on every fit and never deletes it — go to this process's private folder, removed at exit;
    // its ONNX sessions read that file as ONNX whatever its random name, on the calling thread (OnnxSessions).
    private protected readonly MLContext Env = OnnxSessions.Configure(DiveML.Extensions.IO.DiveTempFolder.CreateContext(seed: 0));

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

    /// <summary>
    /// Checks that the feature and label columns exist and that the features are a known-size vector of Single (before
    /// any data is read); returns the label column.
    /// </summary>
    private protected SchemaShape.Column CheckColumns(SchemaShape schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var (name, role) in new[] { (Options.FeatureColumnName, "feature"), (Options.LabelColumnName, "label") })
            if (!schema.Any(c => c.Name == name))
                throw new ArgumentOutOfRangeException(nameof(schema), $"The input has no {role} column '{name}'. Its columns are: {string.Join(", ", schema.Select(c => c.Name))}.");
        var features = schema.Last(c => c.Name == Options.FeatureColumnName);
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Feature column '{Options.FeatureColumnName}' is {Describe(features)}; DiveML trainers need a known-size vector of Single. " +
                $"Build it with mlContext.Transforms.Concatenate(\"{Options.FeatureColumnName}\", ...) from Single columns (convert others with ConvertType).");
        return schema.Last(c => c.Name == Options.LabelColumnName);
    }

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => $"a scalar {column.ItemType}",
        SchemaShape.Column.VectorKind.VariableVector => $"a vector of {column.ItemType} of unknown size",
        _ => $"a vector of {column.ItemType}",
    };

    private protected (TrainingOutcome Outcome, byte[]? Onnx, string? Blocker, ITransformer Chain) FitCore(IDataView input, TrainingTask task, LabelKeyValues? classes)
    {
        ArgumentNullException.ThrowIfNull(input);
        int classCount = classes?.Count ?? 0;
        var train = TrainingData.Load(input, Options.FeatureColumnName, Options.LabelColumnName, task, classCount, "Training");
        TrainingData? validation = null;
        if (Options.ValidationData is { } validationView)
        {
            int validationDimension = TrainingData.FeatureDimension(validationView.Schema, Options.FeatureColumnName);
            if (validationDimension != train.Dimension)
                throw new ArgumentException($"ValidationData's '{Options.FeatureColumnName}' has {validationDimension} features but the training data has {train.Dimension}. Transform both with the same fitted pipeline.");
            validation = TrainingData.Load(validationView, Options.FeatureColumnName, Options.LabelColumnName, task, classCount, "Validation");
        }
        int outputs = task == TrainingTask.Multiclass ? classCount : 1;
        var outcome = TorchTraining.Train(Options, train, validation, outputs, task);
        var export = NetworkExporter.Export(outcome.Network, Options.FeatureColumnName, train.Dimension, outputs, task == TrainingTask.Multiclass, ScoringChain.NetworkColumn, classes?.Names);
        var device = TorchTraining.ResolveDevice(Options.Device);
        string? blocker = export.Blocker;
        // A module of the user's own wrote its graph itself: compare it with forward before anything can be saved.
        if (blocker is null && export.UserModules.Count > 0)
            blocker = ExportCheck.Compare(outcome.Network, device, train.Features, train.Dimension, outputs, Math.Min(train.Rows, 4), export.UserModules);
        byte[]? onnx = blocker is null ? export.Onnx : null;
        var chain = ScoringChain.Build(Env, input, task, onnx, outcome.Network, device, Options.FeatureColumnName, train.Dimension, classes);
        return (outcome, onnx, blocker, chain);
    }
}
