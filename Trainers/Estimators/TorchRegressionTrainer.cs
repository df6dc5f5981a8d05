using DiveML.Trainers.Onnx;
using DiveML.Trainers.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Trainers;

/// <summary>
/// Trains a regression network (linear regression, MLP or your own module) with TorchSharp; the fitted model adds a
/// <c>Score</c> column. Create it with <c>mlContext.Regression.Trainers.TorchLinear/TorchMlp/TorchNetwork</c>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator Characteristics
/// |  |  |
/// | -- | -- |
/// | Machine learning task | Regression |
/// | Is normalization required? | Yes (standardize the features, e.g. with `NormalizeMeanVariance` or `Standardize`) |
/// | Is caching required? | No (the data is read once into memory) |
/// | Required NuGet in addition to Microsoft.ML | DiveML.Trainers (TorchSharp for training); a saved model needs only Microsoft.ML.OnnxTransformer and ONNX Runtime |
/// | Exportable to ONNX | The network is; the model is saved as ML.NET built-ins around it |
///
/// ### Input and Output Columns
/// The label column must be <xref:System.Single>; the feature column a known-size vector of <xref:System.Single>
/// without NaN or infinity. The trainer outputs:
///
/// | Output Column Name | Column Type | Description |
/// | -- | -- | -- |
/// | `Score` | <xref:System.Single> | The network's prediction (a −0 prediction comes out as +0). |
///
/// Works with `Regression.Evaluate`, `CrossValidate`, `PermutationFeatureImportance`, `PredictionEngine` and
/// `Model.Save/Load`. The training history's metric is RMSE. With `EnsembleSize` K > 1, the K predictions are averaged.
/// ]]></format>
/// </remarks>
/// <seealso cref="DiveTrainersCatalog.TorchLinear(RegressionCatalog.RegressionTrainers, LinearRegressionOptions)"/>
/// <seealso cref="DiveTrainersCatalog.TorchMlp(RegressionCatalog.RegressionTrainers, MlpOptions)"/>
/// <seealso cref="DiveTrainersCatalog.TorchNetwork(RegressionCatalog.RegressionTrainers, CustomNetworkOptions)"/>
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
        var (outcome, onnx, blocker, chain) = FitCore(input, TrainingTask.Regression, null);
        return new TorchRegressionModel(chain, outcome, Options.FeatureColumnName, features, onnx, blocker);
    }
}
