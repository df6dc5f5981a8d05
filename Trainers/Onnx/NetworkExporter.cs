using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// Exports a trained feed-forward TorchSharp network to ONNX for scoring: Sequential containers of Linear (as Gemm with
/// the weights in torch's [out, in] layout, transB = 1), ReLU, Sigmoid, Tanh, Dropout/Identity (no-ops at inference)
/// and Flatten. Anything else is reported by name, so a model that cannot be saved says which layer is the problem.
/// </summary>
internal static class NetworkExporter
{
    /// <summary>Why the network cannot be exported, or null when it can.</summary>
    public static string? FindUnsupported(nn.Module network)
    {
        foreach (var (name, module) in Leaves(network, "network"))
            if (!IsSupported(module)) return $"layer '{name}' ({module.GetType().Name})";
        return null;
    }

    /// <summary>
    /// Writes the graph: input <paramref name="inputName"/> [1, F]; for classification outputs "Score" (softmax
    /// probabilities, [1, K]) and <paramref name="indexOutput"/> (argmax as float, [1, 1]); for regression
    /// <paramref name="indexOutput"/> holds the prediction ([1, 1]).
    /// </summary>
    public static byte[] Export(nn.Module network, string inputName, int inputs, int outputs, bool classification, string indexOutput)
    {
        var graph = new OnnxGraphBuilder();
        graph.Input(inputName, 1, inputs);
        string current = inputName;
        foreach (var (name, module) in Leaves(network, "network"))
        {
            switch (module)
            {
                case TorchSharp.Modules.Linear linear:
                    var weight = Values(linear.weight);
                    var w = graph.Initializer(graph.Fresh(name + ".weight"), weight, linear.weight.shape);
                    var inputsToGemm = new List<string> { current, w };
                    if (linear.bias is not null) inputsToGemm.Add(graph.Initializer(graph.Fresh(name + ".bias"), Values(linear.bias), linear.bias.shape));
                    current = graph.Node("Gemm", inputsToGemm.ToArray(), graph.Fresh(name), ("transB", 1L));
                    break;
                case TorchSharp.Modules.ReLU: current = graph.Node("Relu", [current], graph.Fresh(name)); break;
                case TorchSharp.Modules.Sigmoid: current = graph.Node("Sigmoid", [current], graph.Fresh(name)); break;
                case TorchSharp.Modules.Tanh: current = graph.Node("Tanh", [current], graph.Fresh(name)); break;
                case TorchSharp.Modules.Flatten: current = graph.Node("Flatten", [current], graph.Fresh(name), ("axis", 1L)); break;
                case TorchSharp.Modules.Dropout or TorchSharp.Modules.Identity: break; // inference: identity
                default: throw new NotSupportedException($"DiveML cannot export layer '{name}' ({module.GetType().Name}) to ONNX.");
            }
        }
        if (classification)
        {
            graph.Node("Softmax", [current], "Score", ("axis", 1L));
            graph.Output("Score", true, 1, outputs);
            var index = graph.Node("ArgMax", [current], graph.Fresh("argmax"), ("axis", 1L), ("keepdims", 1L));
            graph.Node("Cast", [index], indexOutput, ("to", 1L));
            graph.Output(indexOutput, true, 1, 1);
        }
        else
        {
            graph.Node("Identity", [current], indexOutput);
            graph.Output(indexOutput, true, 1, 1);
        }
        return graph.ToModel("diveml");
    }

    private static bool IsSupported(nn.Module module) => module is TorchSharp.Modules.Linear or TorchSharp.Modules.ReLU
        or TorchSharp.Modules.Sigmoid or TorchSharp.Modules.Tanh or TorchSharp.Modules.Dropout
        or TorchSharp.Modules.Identity or TorchSharp.Modules.Flatten;

    /// <summary>The computational layers in forward order: Sequential containers are flattened.</summary>
    private static IEnumerable<(string Name, nn.Module Module)> Leaves(nn.Module module, string name)
    {
        if (module is TorchSharp.Modules.Sequential sequential)
        {
            foreach (var (childName, child) in sequential.named_children())
                foreach (var leaf in Leaves(child, childName))
                    yield return leaf;
            yield break;
        }
        yield return (name, module);
    }

    private static float[] Values(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}
