using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>d2l 3.7 softmax regression: one <c>Linear(d, K)</c>, cross-entropy. Defaults: 10 epochs, batch 256, SGD, learning rate 0.1.</summary>
public sealed class SoftmaxRegressionOptions : TorchTrainerOptions
{
    /// <summary>d2l 3.7's settings.</summary>
    public SoftmaxRegressionOptions() { Epochs = 10; BatchSize = 256; LearningRate = 0.1; }
}
