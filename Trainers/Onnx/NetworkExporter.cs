using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// Exports a trained TorchSharp network to the ONNX graph a saved model scores with (<see cref="NetworkExport"/> walks
/// the modules), adding the heads ML.NET's scoring chain reads: for classification the softmax <c>Score</c> and the
/// argmax index, otherwise the network's single output.
/// </summary>
internal static class NetworkExporter
{
    /// <summary>The graph input and output of <see cref="ExportRaw"/>.</summary>
    public const string RawInput = "input", RawOutput = "output";

    /// <summary>An export: the ONNX bytes, or why the network cannot be exported; and the user's modules that exported themselves.</summary>
    public sealed record Result(byte[]? Onnx, string? Blocker, IReadOnlyList<string> UserModules);

    /// <summary>
    /// Writes the graph: input <paramref name="inputName"/> [1, F]; for classification outputs "Score" (softmax
    /// probabilities, [1, K]) and <paramref name="indexOutput"/> (argmax as float, [1, 1]); otherwise
    /// <paramref name="indexOutput"/> holds the network's output ([1, 1]: the regression prediction or the binary logit).
    /// With <paramref name="classNames"/> (distinct), ML.NET gives <c>Score</c> those slot names.
    /// </summary>
    public static Result Export(nn.Module network, string inputName, int inputs, int outputs, bool classification, string indexOutput,
        IReadOnlyList<string>? classNames = null)
    {
        var export = new NetworkExport(new OnnxGraphBuilder());
        var graph = export.Graph;
        graph.Input(inputName, 1, inputs);
        string current;
        try
        {
            current = export.Emit(network, "", inputName);
        }
        catch (OnnxExportBlockedException e)
        {
            return new Result(null, e.Message, export.UserModules);
        }
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
        export.RecordStateDict(network);
        return new Result(graph.ToModel("diveml"), null, export.UserModules);
    }

    /// <summary>The network alone: input <see cref="RawInput"/> [1, <paramref name="inputs"/>] → <see cref="RawOutput"/> [1, <paramref name="outputs"/>] (to compare with forward).</summary>
    public static byte[] ExportRaw(nn.Module network, int inputs, int outputs)
    {
        var export = new NetworkExport(new OnnxGraphBuilder());
        export.Graph.Input(RawInput, 1, inputs);
        export.Graph.Node("Identity", [export.Emit(network, "", RawInput)], RawOutput);
        export.Graph.Output(RawOutput, true, 1, outputs);
        return export.Graph.ToModel("diveml-network");
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
}
