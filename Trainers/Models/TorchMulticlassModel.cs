using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>A fitted multiclass network: adds <c>Score</c> (class probabilities) and <c>PredictedLabel</c> (a key with the label's key values).</summary>
public sealed class TorchMulticlassModel : TorchModel
{
    internal TorchMulticlassModel(ITransformer chain, TrainingOutcome outcome, string featureColumnName, int featureCount, byte[]? onnx, string? saveBlocker, IReadOnlyList<string> classNames)
        : base(chain, outcome, featureColumnName, featureCount, onnx, saveBlocker)
    {
        ClassNames = classNames;
    }

    /// <summary>The label's key values, in class order (slot order of <c>Score</c>).</summary>
    public IReadOnlyList<string> ClassNames { get; }
}
