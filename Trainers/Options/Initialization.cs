namespace DiveML.Trainers;

/// <summary>Weight initialisation of the network's linear layers (d2l 4.8); biases start at zero except for <see cref="TorchDefault"/>.</summary>
public enum Initialization
{
    /// <summary>Weights ~ Normal(0, 0.01²): d2l's choice for chapters 3–4.</summary>
    Normal,
    /// <summary>Xavier (Glorot) uniform.</summary>
    Xavier,
    /// <summary>Kaiming (He) normal for ReLU networks.</summary>
    Kaiming,
    /// <summary>TorchSharp's own default (Kaiming uniform with a = √5, as PyTorch), biases included.</summary>
    TorchDefault,
}
