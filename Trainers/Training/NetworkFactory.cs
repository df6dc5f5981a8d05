using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DiveML.Trainers;

/// <summary>Builds and initialises the network an options class describes.</summary>
internal static class NetworkFactory
{
    public static Module<Tensor, Tensor> Create(TorchTrainerOptions options, int inputs, int outputs)
    {
        Module<Tensor, Tensor> network = options switch
        {
            CustomNetworkOptions custom => custom.NetworkFactory(inputs, outputs)
                ?? throw new InvalidOperationException("CustomNetworkOptions.NetworkFactory returned null."),
            MlpOptions mlp => Mlp(mlp, inputs, outputs),
            // d2l's nn.Sequential(nn.Linear(d, q)): parameters 0.weight and 0.bias.
            _ => Sequential(Linear(inputs, outputs)),
        };
        Initialize(network, options.Initialization);
        return network;
    }

    private static Module<Tensor, Tensor> Mlp(MlpOptions options, int inputs, int outputs)
    {
        if (options.HiddenLayers.Count == 0) throw new ArgumentException("MlpOptions.HiddenLayers is empty; use the linear or softmax trainer for a network without hidden layers.");
        if (options.HiddenLayers.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(options), "Every hidden layer size must be at least 1.");
        if (options.Dropout.Count is not 0 and not 1 && options.Dropout.Count != options.HiddenLayers.Count)
            throw new ArgumentException($"MlpOptions.Dropout has {options.Dropout.Count} values for {options.HiddenLayers.Count} hidden layers: give one value, or one per layer.");
        if (options.Dropout.Any(p => !(p >= 0 && p < 1))) throw new ArgumentOutOfRangeException(nameof(options), "Dropout probabilities must be in [0, 1).");
        // Unnamed children are numbered from 0 as PyTorch's nn.Sequential numbers them, so the parameters are named as
        // the book's networks name theirs (0.weight, 0.bias, 2.weight, …) and state_dict files move between the two
        // (decisions D18).
        var layers = new List<Module<Tensor, Tensor>>();
        int width = inputs;
        for (int i = 0; i < options.HiddenLayers.Count; i++)
        {
            layers.Add(Linear(width, options.HiddenLayers[i]));
            layers.Add(options.Activation switch
            {
                Activation.Sigmoid => Sigmoid(),
                Activation.Tanh => Tanh(),
                _ => ReLU(),
            });
            double p = options.Dropout.Count == 0 ? 0 : options.Dropout.Count == 1 ? options.Dropout[0] : options.Dropout[i];
            if (p > 0) layers.Add(new GeneratorDropout(p)); // nn.Dropout's numbers, from a generator of the member's own (D9)
            width = options.HiddenLayers[i];
        }
        layers.Add(Linear(width, outputs));
        return Sequential(layers.ToArray());
    }

    private static void Initialize(Module<Tensor, Tensor> network, Initialization initialization)
    {
        if (initialization == Initialization.TorchDefault) return;
        using var _ = no_grad();
        foreach (var module in network.modules())
        {
            if (module is not TorchSharp.Modules.Linear linear) continue;
            switch (initialization)
            {
                case Initialization.Normal: init.normal_(linear.weight, 0, 0.01); break;
                case Initialization.Xavier: init.xavier_uniform_(linear.weight); break;
                case Initialization.Kaiming: init.kaiming_normal_(linear.weight, nonlinearity: init.NonlinearityType.ReLU); break;
            }
            if (linear.bias is not null) init.zeros_(linear.bias);
        }
    }
}
