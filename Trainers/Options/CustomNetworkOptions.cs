using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>
/// Bring your own network (d2l 5.1–5.3): <see cref="NetworkFactory"/> builds any TorchSharp module from (input features,
/// outputs); DiveML trains it with squared loss (regression), binary cross-entropy with logits (binary, 1 output) or
/// cross-entropy (multiclass). Defaults as
/// <see cref="MlpOptions"/>: 10 epochs, batch 256, SGD, learning rate 0.1. Networks made of Sequential containers, the
/// common built-in layers (Linear, ReLU, Sigmoid, Tanh, GELU, LeakyReLU, Softplus, ELU, Dropout, Identity, Flatten,
/// LayerNorm, BatchNorm1d), <see cref="Residual"/> blocks and modules of your own that implement
/// <see cref="Onnx.IOnnxExportable"/> can be saved; others train and score in-process, and
/// <see cref="TorchModel.SaveBlocker"/> names the module that blocks saving, by its full path, and why.
/// </summary>
public sealed class CustomNetworkOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with the factory that builds the network.</summary>
    public CustomNetworkOptions(Func<int, int, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> networkFactory)
    {
        NetworkFactory = networkFactory ?? throw new ArgumentNullException(nameof(networkFactory));
        Epochs = 10;
        BatchSize = 256;
        LearningRate = 0.1;
        Initialization = Initialization.TorchDefault;
    }

    /// <summary>(input feature count, output count) → a fresh module mapping [batch, inputs] to [batch, outputs].</summary>
    public Func<int, int, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> NetworkFactory { get; }
}
