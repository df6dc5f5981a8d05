using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>
/// Logistic regression: one <c>Linear(d, 1)</c> whose output is the logit, binary cross-entropy with logits (d2l 3.7's
/// softmax regression with two classes, written with one output). Defaults as d2l 3.7: 10 epochs, batch 256, SGD,
/// learning rate 0.1.
/// </summary>
public sealed class LogisticRegressionOptions : TorchTrainerOptions
{
    /// <summary>d2l 3.7's settings.</summary>
    public LogisticRegressionOptions() { Epochs = 10; BatchSize = 256; LearningRate = 0.1; }
}
