using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Trainers;

/// <summary>
/// Trains a binary classification network (logistic regression, MLP or your own module) with TorchSharp: one output
/// unit, the logit, trained with binary cross-entropy with logits. The fitted model adds <c>Score</c>,
/// <c>PredictedLabel</c> and <c>Probability</c>. Create it with
/// <c>mlContext.BinaryClassification.Trainers.TorchLogistic/TorchMlp/TorchNetwork</c>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator Characteristics
/// |  |  |
/// | -- | -- |
/// | Machine learning task | Binary classification |
/// | Is normalization required? | Yes (standardize the features, e.g. with `NormalizeMeanVariance` or `Standardize`) |
/// | Is caching required? | No (the data is read once into memory) |
/// | Required NuGet in addition to Microsoft.ML | DiveML.Trainers (TorchSharp for training); a saved model needs only Microsoft.ML.OnnxTransformer and ONNX Runtime |
/// | Exportable to ONNX | The network is; the model is saved as ML.NET built-ins around it |
///
/// ### Input and Output Columns
/// The label column must be <xref:System.Boolean> (true is the positive class); the feature column a known-size vector
/// of <xref:System.Single> without NaN or infinity. The trainer outputs:
///
/// | Output Column Name | Column Type | Description |
/// | -- | -- | -- |
/// | `Score` | <xref:System.Single> | The network's raw output, the logit (unbounded). |
/// | `PredictedLabel` | <xref:System.Boolean> | True when `Score` is positive. |
/// | `Probability` | <xref:System.Single> | The sigmoid of `Score` (computed in double by ML.NET's Platt calibrator with slope −1, offset 0). |
///
/// The training history's metric is accuracy (training and validation). With `EnsembleSize` K > 1, the K networks'
/// logits are averaged.
/// ]]></format>
/// </remarks>
/// <seealso cref="DiveBinaryTrainersCatalog.TorchLogistic(BinaryClassificationCatalog.BinaryClassificationTrainers, LogisticRegressionOptions)"/>
/// <seealso cref="DiveBinaryTrainersCatalog.TorchMlp(BinaryClassificationCatalog.BinaryClassificationTrainers, MlpOptions)"/>
/// <seealso cref="DiveBinaryTrainersCatalog.TorchNetwork(BinaryClassificationCatalog.BinaryClassificationTrainers, CustomNetworkOptions)"/>
public sealed class TorchBinaryTrainer : TorchTrainerBase<TorchBinaryModel>
{
    /// <summary>Creates the trainer; prefer the catalog methods.</summary>
    public TorchBinaryTrainer(TorchTrainerOptions options) : base(options) { }

    /// <inheritdoc/>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var label = CheckColumns(inputSchema);
        if (label.ItemType is not BooleanDataViewType || label.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), TrainingData.BinaryLabelError(Options.LabelColumnName,
                label.Kind == SchemaShape.Column.VectorKind.Scalar ? $"{label.ItemType}" : $"a vector of {label.ItemType}", label.ItemType is TextDataViewType));
        // Built-in estimators with the same effect on the schema: Single 'Score' and 'Probability', Boolean 'PredictedLabel'.
        return Env.Transforms.Conversion.ConvertType("Score", Options.LabelColumnName, DataKind.Single)
            .Append(Env.Transforms.Conversion.ConvertType("Probability", Options.LabelColumnName, DataKind.Single))
            .Append(Env.Transforms.CopyColumns("PredictedLabel", Options.LabelColumnName))
            .GetOutputSchema(inputSchema);
    }

    /// <inheritdoc/>
    public override TorchBinaryModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int features = TrainingData.FeatureDimension(input.Schema, Options.FeatureColumnName);
        TrainingData.CheckBinaryLabel(input.Schema, Options.LabelColumnName);
        var (outcome, onnx, blocker, chain) = FitCore(input, TrainingTask.Binary, null);
        return new TorchBinaryModel(chain, outcome, Options.FeatureColumnName, features, onnx, blocker);
    }
}
