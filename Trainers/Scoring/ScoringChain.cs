using DiveML.Trainers.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Scoring;

/// <summary>
/// Builds the ML.NET chain that scores a trained network. Exportable networks score through ONNX Runtime
/// (<c>ApplyOnnxModel</c> with the model bytes inside the zip); others through TorchSharp in-process (not saveable).
/// Output columns follow ML.NET: regression <c>Score</c> (Single); multiclass <c>Score</c> (class probabilities) and
/// <c>PredictedLabel</c> (a key whose key values are the label's).
/// </summary>
internal static class ScoringChain
{
    internal const string VectorColumn = "DiveVector1";
    private const string ScalarColumn = "DiveScalar";

    public static ITransformer Build(MLContext env, IDataView input, byte[]? onnx, nn.Module<Tensor, Tensor> network, Device device,
        string featureColumn, int features, LabelKeyValues? classes)
    {
        bool classification = classes is not null;
        IEstimator<ITransformer> chain;
        if (onnx is not null)
        {
            string[] outputs = classification ? ["Score", VectorColumn] : [VectorColumn];
            // The Stream overload: the bytes live in the model zip (a file path would be re-read at Save time).
            chain = env.Transforms.ApplyOnnxModel(outputs, [featureColumn], new MemoryStream(onnx), gpuDeviceId: null, fallbackToCpu: false);
        }
        else
        {
            chain = InProcess(env, network, device, featureColumn, features, classes?.Count ?? 0);
        }
        chain = chain.Append(env.Transforms.CustomMapping<VectorOfOne, ScalarOfOne>(ScalarFromVectorMapping.Map, ScalarFromVectorMapping.ContractName));
        if (classification)
        {
            chain = chain.Append(classes!.IndexToKey(env, "PredictedLabel", ScalarColumn));
        }
        else
        {
            chain = chain.Append(env.Transforms.CopyColumns("Score", ScalarColumn));
        }
        chain = chain.Append(env.Transforms.DropColumns(VectorColumn, ScalarColumn));
        return chain.Fit(input);
    }

    private sealed class TorchInput
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class TorchOutput
    {
        public float[] Score { get; set; } = [];
        public float[] DiveVector1 { get; set; } = new float[1];
    }

    /// <summary>TorchSharp forward pass per row, for networks ONNX export does not cover. Works in memory; cannot be saved.</summary>
    private static IEstimator<ITransformer> InProcess(MLContext env, nn.Module<Tensor, Tensor> network, Device device, string featureColumn, int features, int classes)
    {
        var inputSchema = SchemaDefinition.Create(typeof(TorchInput));
        inputSchema[nameof(TorchInput.Features)].ColumnName = featureColumn;
        inputSchema[featureColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var outputSchema = SchemaDefinition.Create(typeof(TorchOutput));
        outputSchema[nameof(TorchOutput.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(classes, 1));
        outputSchema[nameof(TorchOutput.DiveVector1)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1);
        if (classes == 0) outputSchema[nameof(TorchOutput.Score)].ColumnName = "DiveUnusedScore";
        var gate = new object();
        void Map(TorchInput input, TorchOutput output)
        {
            lock (gate)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var result = network.forward(tensor(input.Features, [1, features]).to(device)).cpu();
                var values = result.data<float>().ToArray();
                if (classes > 0)
                {
                    var probabilities = result.softmax(1).data<float>().ToArray();
                    output.Score = probabilities;
                    output.DiveVector1 = [Array.IndexOf(probabilities, probabilities.Max())];
                }
                else
                {
                    output.Score = [values[0]];
                    output.DiveVector1 = [values[0]];
                }
            }
        }
        IEstimator<ITransformer> mapping = env.Transforms.CustomMapping<TorchInput, TorchOutput>(Map, contractName: null, inputSchema, outputSchema);
        if (classes == 0) mapping = mapping.Append(env.Transforms.DropColumns("DiveUnusedScore"));
        return mapping;
    }
}
