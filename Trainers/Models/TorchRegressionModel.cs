using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>A fitted regression network: adds a <c>Score</c> (Single) column.</summary>
public sealed class TorchRegressionModel : TorchModel
{
    internal TorchRegressionModel(ITransformer chain, TrainingOutcome outcome, string featureColumnName, int featureCount, byte[]? onnx, string? saveBlocker)
        : base(chain, outcome, featureColumnName, featureCount, onnx, saveBlocker) { }
}
