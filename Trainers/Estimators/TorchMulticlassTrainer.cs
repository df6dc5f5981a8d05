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
        var classes = TrainingData.ClassLabels(input.Schema, Options.LabelColumnName);
        var (outcome, onnx, blocker, chain) = FitCore(input, classes.Count, classes);
        return new TorchMulticlassModel(chain, outcome, Options.FeatureColumnName, features, onnx, blocker, classes.Names);
    }
}
