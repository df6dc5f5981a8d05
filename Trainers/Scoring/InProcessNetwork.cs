using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Scoring;

/// <summary>
/// The TorchSharp forward pass per row, for networks ONNX export does not cover. It writes the same columns with the same
/// types as the exported graph would (<see cref="ScoringChain"/>), so the rest of the scoring chain is the same. Works in
/// memory; cannot be saved (its CustomMapping has no contract name, and the model refuses Save first, naming the layer).
/// </summary>
internal static class InProcessNetwork
{
    private sealed class Input
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
        public float[] Single { get; set; } = new float[1];
    }

    /// <summary>
    /// Multiclass: <c>Score</c> (K softmax probabilities) and <paramref name="singleColumn"/> (the argmax as Single);
    /// regression and binary: <paramref name="singleColumn"/> holds the network's output.
    /// </summary>
    public static IEstimator<ITransformer> Create(MLContext env, nn.Module<Tensor, Tensor> network, Device device,
        string featureColumn, int features, int classes, string singleColumn)
    {
        var inputSchema = SchemaDefinition.Create(typeof(Input));
        inputSchema[nameof(Input.Features)].ColumnName = featureColumn;
        inputSchema[featureColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var outputSchema = SchemaDefinition.Create(typeof(Output));
        outputSchema[nameof(Output.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(classes, 1));
        outputSchema[nameof(Output.Single)].ColumnName = singleColumn;
        outputSchema[singleColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1);
        const string Unused = "DiveUnusedScore";
        if (classes == 0) outputSchema[nameof(Output.Score)].ColumnName = Unused;
        var gate = new object(); // one module, used by whatever thread scores
        void Map(Input input, Output output)
        {
            lock (gate)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var result = network.forward(tensor(input.Features, [1, features]).to(device)).cpu();
                if (classes > 0)
                {
                    var probabilities = result.softmax(1).data<float>().ToArray();
                    output.Score = probabilities;
                    output.Single = [result.argmax(1).item<long>()];
                }
                else
                {
                    output.Score = [0f];
                    output.Single = [result.data<float>()[0]];
                }
            }
        }
        IEstimator<ITransformer> mapping = env.Transforms.CustomMapping<Input, Output>(Map, contractName: null, inputSchema, outputSchema);
        if (classes == 0) mapping = mapping.Append(env.Transforms.DropColumns(Unused));
        return mapping;
    }
}
