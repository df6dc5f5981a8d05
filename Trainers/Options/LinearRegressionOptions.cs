using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>d2l 3.3 linear regression: one <c>Linear(d, 1)</c>, squared loss. Defaults: 3 epochs, batch 10, SGD, learning rate 0.03.</summary>
public sealed class LinearRegressionOptions : TorchTrainerOptions
{
    /// <summary>d2l 3.3's settings.</summary>
    public LinearRegressionOptions() { Epochs = 3; BatchSize = 10; LearningRate = 0.03; }
}
