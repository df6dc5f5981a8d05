using DiveML.Trainers.Onnx;
using DiveML.Trainers.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Trainers;

/// <summary>
/// Trains a multiclass network (softmax regression, MLP or your own module) with TorchSharp; the fitted model adds
/// <c>Score</c> (class probabilities) and <c>PredictedLabel</c>. Create it with
/// <c>mlContext.MulticlassClassification.Trainers.TorchSoftmax/TorchMlp/TorchNetwork</c>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator Characteristics
/// |  |  |
/// | -- | -- |
/// | Machine learning task | Multiclass classification |
/// | Is normalization required? | Yes (standardize the features, e.g. with `NormalizeMeanVariance` or `Standardize`) |
/// | Is caching required? | No (the data is read once into memory) |
/// | Required NuGet in addition to Microsoft.ML | DiveML.Trainers (TorchSharp for training); a saved model needs only Microsoft.ML.OnnxTransformer and ONNX Runtime |
/// | Exportable to ONNX | The network is; the model is saved as ML.NET built-ins around it |
///
/// ### Input and Output Columns
/// The label column must be a key (e.g. from `MapValueToKey`) with at least 2 values; the feature column a known-size
/// vector of <xref:System.Single> without NaN or infinity. The trainer outputs:
///
/// | Output Column Name | Column Type | Description |
/// | -- | -- | -- |
/// | `Score` | Vector of <xref:System.Single> | The K class probabilities (softmax), in the label's key order. |
/// | `PredictedLabel` | key | The most probable class; its key values are the label's, of the label's type, so `MapKeyToValue` gives the class back. |
///
/// Works with `MulticlassClassification.Evaluate`, `CrossValidate`, `PermutationFeatureImportance`, `PredictionEngine`
/// and `Model.Save/Load`. The training history's metric is accuracy. With `EnsembleSize` K > 1, the networks' logits
/// are averaged before the softmax.
/// ]]></format>
/// </remarks>
/// <seealso cref="DiveTrainersCatalog.TorchSoftmax(MulticlassClassificationCatalog.MulticlassClassificationTrainers, SoftmaxRegressionOptions)"/>
/// <seealso cref="DiveTrainersCatalog.TorchMlp(MulticlassClassificationCatalog.MulticlassClassificationTrainers, MlpOptions)"/>
/// <seealso cref="DiveTrainersCatalog.TorchNetwork(MulticlassClassificationCatalog.MulticlassClassificationTrainers, CustomNetworkOptions)"/>
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
        var classes = TrainingData.ClassLabels(input.Schema, Options.LabelColumnName);
        var (outcome, onnx, blocker, chain) = FitCore(input, TrainingTask.Multiclass, classes);
        return new TorchMulticlassModel(chain, outcome, Options.FeatureColumnName, features, onnx, blocker, classes.Names);
    }
}
