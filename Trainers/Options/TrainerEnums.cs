namespace DiveML.Trainers;

/// <summary>Optimisation algorithm.</summary>
public enum OptimizerKind
{
    /// <summary>Minibatch stochastic gradient descent (d2l 3.2).</summary>
    Sgd,
    /// <summary>Adam (d2l 11.10); robust to the learning rate, the usual choice for tabular MLPs.</summary>
    Adam,
}

/// <summary>Hidden-layer activation (d2l 4.1).</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    ReLU,
    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,
    /// <summary>tanh(x).</summary>
    Tanh,
}

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

/// <summary>Where training runs.</summary>
public enum TrainingDevice
{
    /// <summary>CUDA when TorchSharp reports it available, else the CPU.</summary>
    Auto,
    /// <summary>The CPU.</summary>
    Cpu,
    /// <summary>The first CUDA device; an error when CUDA is unavailable.</summary>
    Cuda,
}

/// <summary>How the learning rate changes over the epochs (d2l 11.11).</summary>
public enum LearningRateSchedule
{
    /// <summary>The same learning rate every epoch (d2l chapters 3–5).</summary>
    Constant,
    /// <summary>Cosine decay from the learning rate to 0 over the epochs: larger steps early, fine ones at the end.</summary>
    Cosine,
}
