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
