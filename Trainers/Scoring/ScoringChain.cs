using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Scoring;

/// <summary>
/// Builds the fitted ML.NET chain that scores a trained network, made only of ML.NET built-ins and <c>ApplyOnnxModel</c>
/// (decisions D17), so a saved model loads in an app that references Microsoft.ML and Microsoft.ML.OnnxTransformer but
/// not DiveML. Exportable networks run through ONNX Runtime (the model bytes inside the zip); others through TorchSharp
/// in-process (not saveable), followed by the same built-ins. Output columns follow ML.NET's trainers:
/// <list type="bullet">
/// <item>regression: network → <see cref="IdentityScorer.Regression"/> → <c>Score</c> (Single);</item>
/// <item>binary: network (logit) → <see cref="IdentityScorer.Binary"/> → <c>Score</c> (the logit) and
/// <c>PredictedLabel</c> (Boolean) → <c>Calibrators.Platt(slope: −1, offset: 0)</c> → <c>Probability</c> = sigmoid(Score);</item>
/// <item>multiclass: network → <c>Score</c> (softmax probabilities) and the argmax index → <see cref="ClassIndexHash"/>
/// → <c>MapValue</c> code → class value → <c>MapValueToKey</c> → <c>PredictedLabel</c> (a key with the label's key
/// values, of the label's type).</item>
/// </list>
/// Temporary columns are dropped at the end.
/// </summary>
internal static class ScoringChain
{
    /// <summary>The network's single output (regression prediction, binary logit, or multiclass argmax index).</summary>
    internal const string NetworkColumn = "DiveNetworkOutput";
    private const string CodeColumn = "DiveClassCode";
    private const string ValueColumn = "DiveClassValue";

    public static TransformerChain<ITransformer> Build(MLContext env, IDataView input, TrainingTask task, byte[]? onnx,
        nn.Module<Tensor, Tensor> network, Device device, string featureColumn, int features, LabelKeyValues? classes)
    {
        bool multiclass = task == TrainingTask.Multiclass;
        if (multiclass != classes is not null) throw new ArgumentException("Classes are given for, and only for, multiclass networks.", nameof(classes));
        IEstimator<ITransformer> networkStep = onnx is not null
            // The Stream overload: the bytes live in the model zip (a file path would be re-read at Save time).
            ? env.Transforms.ApplyOnnxModel(multiclass ? ["Score", NetworkColumn] : [NetworkColumn], [featureColumn], new MemoryStream(onnx),
                gpuDeviceId: null, fallbackToCpu: false)
            : InProcessNetwork.Create(env, network, device, featureColumn, features, classes?.Count ?? 0, NetworkColumn);
        var chain = new TransformerChain<ITransformer>(networkStep.Fit(input));
        // The scorers must be built for the exact type the network step writes (ONNX's [1, 1] is Vector<Single, 1, 1>).
        var outputType = chain.GetOutputSchema(input.Schema)[NetworkColumn].Type;
        switch (task)
        {
            case TrainingTask.Regression:
                chain = chain.Append<ITransformer>(IdentityScorer.Regression(env, NetworkColumn, outputType));
                break;
            case TrainingTask.Binary:
                chain = chain.Append<ITransformer>(IdentityScorer.Binary(env, NetworkColumn, outputType));
                chain = Then(chain, input, env.BinaryClassification.Calibrators.Platt(slope: -1, offset: 0));
                break;
            default:
                var hash = ClassIndexHash.Create(env, NetworkColumn, outputType, CodeColumn, classes!.Count);
                chain = chain.Append(hash.Transformer);
                chain = Then(chain, input, classes.CodesToKey(env, "PredictedLabel", CodeColumn, ValueColumn, hash.Codes));
                break;
        }
        return Then(chain, input, env.Transforms.DropColumns(multiclass ? [NetworkColumn, CodeColumn, ValueColumn] : [NetworkColumn]));
    }

    /// <summary>Fits <paramref name="next"/> on what the chain so far produces and appends its transformers one by one.</summary>
    private static TransformerChain<ITransformer> Then(TransformerChain<ITransformer> chain, IDataView input, IEstimator<ITransformer> next)
    {
        var fitted = next.Fit(chain.Transform(input));
        // An estimator chain fits to a transformer chain: append its members, so the saved chain stays flat.
        if (fitted is IEnumerable<ITransformer> members)
        {
            foreach (var member in members) chain = chain.Append(member);
            return chain;
        }
        return chain.Append(fitted);
    }
}
