using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>
/// A fitted binary classification network: adds <c>Score</c> (the raw logit, Single), <c>PredictedLabel</c> (Boolean,
/// Score &gt; 0) and <c>Probability</c> (Single, the sigmoid of Score), as ML.NET's calibrated binary trainers do.
/// </summary>
public sealed class TorchBinaryModel : TorchModel
{
    internal TorchBinaryModel(ITransformer chain, TrainingOutcome outcome, string featureColumnName, int featureCount, byte[]? onnx, string? saveBlocker)
        : base(chain, outcome, featureColumnName, featureCount, onnx, saveBlocker) { }
}
