using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>
/// d2l 4.3 multilayer perceptron: hidden linear layers with an activation and optional dropout. Defaults: one hidden
/// layer of 256, ReLU, no dropout, 10 epochs, batch 256, SGD, learning rate 0.1.
/// </summary>
public sealed class MlpOptions : TorchTrainerOptions
{
    /// <summary>d2l 4.3's settings.</summary>
    public MlpOptions() { Epochs = 10; BatchSize = 256; LearningRate = 0.1; }

    /// <summary>Sizes of the hidden layers, input side first. Default <c>[256]</c>.</summary>
    public IReadOnlyList<int> HiddenLayers { get; set; } = [256];

    /// <summary>Activation after each hidden layer. Default <see cref="Trainers.Activation.ReLU"/>.</summary>
    public Activation Activation { get; set; } = Activation.ReLU;

    /// <summary>
    /// Dropout probability after each hidden layer (training only, d2l 4.6): one value for all layers or one per layer.
    /// Default none. Try 0.2–0.5 when the model overfits.
    /// </summary>
    public IReadOnlyList<double> Dropout { get; set; } = [];
}
