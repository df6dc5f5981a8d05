using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// Exports a trained feed-forward TorchSharp network to ONNX for scoring: Sequential containers of Linear (as Gemm with
/// the weights in torch's [out, in] layout, transB = 1), ReLU, Sigmoid, Tanh, Dropout/Identity (no-ops at inference)
/// and Flatten; an <see cref="EnsembleNetwork"/> becomes one branch per member joined by ONNX's Mean. Anything else is
/// reported by name, so a model that cannot be saved says which layer is the problem.
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
    /// probabilities, [1, K]) and <paramref name="indexOutput"/> (argmax as float, [1, 1]); otherwise
    /// <paramref name="indexOutput"/> holds the network's output ([1, 1]: the regression prediction or the binary logit).
    /// With <paramref name="classNames"/> (distinct), ML.NET gives <c>Score</c> those slot names.
    /// </summary>
    public static byte[] Export(nn.Module network, string inputName, int inputs, int outputs, bool classification, string indexOutput,
        IReadOnlyList<string>? classNames = null)
    {
        var graph = new OnnxGraphBuilder();
        graph.Input(inputName, 1, inputs);
        string current = Emit(graph, network, "network", inputName);
        if (classification)
        {
            graph.Node("Softmax", [current], "Score", ("axis", 1L));
            graph.Output("Score", true, 1, outputs);
            var index = graph.Node("ArgMax", [current], graph.Fresh("argmax"), ("axis", 1L), ("keepdims", 1L));
            graph.Node("Cast", [index], indexOutput, ("to", 1L));
            graph.Output(indexOutput, true, 1, 1);
            if (classNames is { Count: > 0 } names && names.Count == outputs && names.Distinct(StringComparer.Ordinal).Count() == names.Count)
                AddSlotNames(graph, "Score", names);
        }
        else
        {
            graph.Node("Identity", [current], indexOutput);
            graph.Output(indexOutput, true, 1, 1);
        }
        return graph.ToModel("diveml");
    }

    /// <summary>
    /// OnnxTransformer's convention for slot names (the one ML.NET's own ONNX export writes): a node named
    /// <c>mlnet.&lt;column&gt;.SlotNames</c> whose <c>keys_strings</c> attribute holds them. It is a LabelEncoder on a
    /// constant, so ONNX Runtime accepts it; its output <c>mlnet.&lt;column&gt;.unusedOutput</c> is one that OnnxTransformer
    /// skips, and ML.NET never asks ONNX Runtime for it, so it is not computed when scoring.
    /// </summary>
    private static void AddSlotNames(OnnxGraphBuilder graph, string column, IReadOnlyList<string> names)
    {
        var constant = graph.Initializer($"mlnet.{column}.SlotNames.input", ["slot"], 1, 1);
        string output = $"mlnet.{column}.unusedOutput";
        graph.Node(OnnxGraphBuilder.MlDomain, $"mlnet.{column}.SlotNames", "LabelEncoder", [constant], output,
            ("keys_strings", names.ToArray()), ("values_int64s", Enumerable.Range(0, names.Count).Select(i => (long)i).ToArray()));
        graph.Output(output, false, 1, 1);
    }

    /// <summary>Adds the nodes of <paramref name="module"/> reading <paramref name="input"/>; returns its output's name.</summary>
    private static string Emit(OnnxGraphBuilder graph, nn.Module module, string name, string input)
    {
        switch (module)
        {
            case EnsembleNetwork ensemble:
                // Every member reads the same input; ONNX's Mean averages their outputs as EnsembleNetwork.forward does.
                var outputs = ensemble.Members.Select((member, k) => Emit(graph, member, $"member{k + 1}", input)).ToArray();
                return outputs.Length == 1 ? outputs[0] : graph.Node("Mean", outputs, graph.Fresh(name + ".mean"));
            case TorchSharp.Modules.Sequential sequential:
                foreach (var (childName, child) in sequential.named_children())
                    input = Emit(graph, child, name == "network" ? childName : $"{name}.{childName}", input);
                return input;
            case TorchSharp.Modules.Linear linear:
                var w = graph.Initializer(graph.Fresh(name + ".weight"), Values(linear.weight), linear.weight.shape);
                var inputsToGemm = new List<string> { input, w };
                if (linear.bias is not null) inputsToGemm.Add(graph.Initializer(graph.Fresh(name + ".bias"), Values(linear.bias), linear.bias.shape));
                return graph.Node("Gemm", inputsToGemm.ToArray(), graph.Fresh(name), ("transB", 1L));
            case TorchSharp.Modules.ReLU: return graph.Node("Relu", [input], graph.Fresh(name));
            case TorchSharp.Modules.Sigmoid: return graph.Node("Sigmoid", [input], graph.Fresh(name));
            case TorchSharp.Modules.Tanh: return graph.Node("Tanh", [input], graph.Fresh(name));
            case TorchSharp.Modules.Flatten: return graph.Node("Flatten", [input], graph.Fresh(name), ("axis", 1L));
            case TorchSharp.Modules.Dropout or TorchSharp.Modules.Identity: return input; // inference: identity
            default: throw new NotSupportedException($"DiveML cannot export layer '{name}' ({module.GetType().Name}) to ONNX.");
        }
    }

    private static bool IsSupported(nn.Module module) => module is TorchSharp.Modules.Linear or TorchSharp.Modules.ReLU
        or TorchSharp.Modules.Sigmoid or TorchSharp.Modules.Tanh or TorchSharp.Modules.Dropout
        or TorchSharp.Modules.Identity or TorchSharp.Modules.Flatten;

    /// <summary>The computational layers in forward order: Sequential containers and ensembles are flattened.</summary>
    private static IEnumerable<(string Name, nn.Module Module)> Leaves(nn.Module module, string name)
    {
        if (module is EnsembleNetwork ensemble)
        {
            for (int k = 0; k < ensemble.Members.Count; k++)
                foreach (var leaf in Leaves(ensemble.Members[k], $"member{k + 1}"))
                    yield return leaf;
            yield break;
        }
        if (module is TorchSharp.Modules.Sequential sequential)
        {
            // Children are named by their full path from the network's top (e.g. "block.norm"), as PyTorch names them.
            foreach (var (childName, child) in sequential.named_children())
                foreach (var leaf in Leaves(child, name == "network" ? childName : $"{name}.{childName}"))
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
