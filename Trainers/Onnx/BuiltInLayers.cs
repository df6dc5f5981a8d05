using TorchSharp;
using static TorchSharp.torch;
using M = TorchSharp.Modules;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// ONNX (opset 13) for TorchSharp's built-in layers, in eval mode, with weights in torch's layout. Layers that opset 13
/// has no operator for are composed of elementary ones (LayerNorm, GELU), with torch's formulas.
/// </summary>
internal static class BuiltInLayers
{
    /// <summary>The layers covered, for messages.</summary>
    public const string Covered = "Sequential, Linear, ReLU, Sigmoid, Tanh, GELU, LeakyReLU, Softplus, ELU, Dropout, Identity, Flatten, LayerNorm, BatchNorm1d";

    /// <summary>The output of <paramref name="module"/> on <paramref name="x"/>, or null when it is not a layer covered here.</summary>
    /// <exception cref="NotSupportedException">A covered layer in a configuration ONNX export cannot express; says which.</exception>
    public static string? Export(OnnxExportContext onnx, nn.Module module, string x) => module switch
    {
        // Gemm keeps the weight as torch stores it, [out, in], through transB = 1 (so the initialiser is the state_dict tensor).
        M.Linear linear => onnx.Node("Gemm", linear.bias is null ? [x, onnx.Parameter("weight")] : [x, onnx.Parameter("weight"), onnx.Parameter("bias")], ("transB", 1L)),
        M.ReLU => onnx.Node("Relu", [x]),
        M.Sigmoid => onnx.Node("Sigmoid", [x]),
        M.Tanh => onnx.Node("Tanh", [x]),
        M.LeakyReLU leaky => onnx.Node("LeakyRelu", [x], ("alpha", (float)leaky.negative_slope)),
        M.ELU elu => onnx.Node("Elu", [x], ("alpha", (float)elu.alpha)),
        M.GELU gelu => Gelu(onnx, gelu, x),
        M.Softplus softplus => Softplus(onnx, softplus, x),
        M.Dropout or M.Identity => x, // identity at inference
        M.Flatten flatten => flatten.start_dim == 1 && flatten.end_dim == -1
            ? onnx.Node("Flatten", [x], ("axis", 1L))
            : throw new NotSupportedException($"Flatten(start_dim: {flatten.start_dim}, end_dim: {flatten.end_dim}) is exported only as Flatten(1, -1), PyTorch's default"),
        M.LayerNorm norm => LayerNorm(onnx, norm, x),
        M.BatchNorm1d batch => BatchNorm(onnx, batch, x),
        _ => null,
    };

    /// <summary>y = (x − E[x]) / √(Var[x] + ε) · weight + bias over the last dimensions (biased variance, as torch); LayerNormalization is opset 17.</summary>
    private static string LayerNorm(OnnxExportContext onnx, M.LayerNorm norm, string x)
    {
        long[] axes = Enumerable.Range(1, norm.normalized_shape.Length).Select(i => (long)-i).Reverse().ToArray();
        var centred = onnx.Node("Sub", [x, onnx.Node("ReduceMean", [x], ("axes", axes), ("keepdims", 1L))]);
        var variance = onnx.Node("ReduceMean", [onnx.Node("Mul", [centred, centred])], ("axes", axes), ("keepdims", 1L));
        var deviation = onnx.Node("Sqrt", [onnx.Node("Add", [variance, onnx.Constant("eps", [(float)norm.eps])])]);
        var y = onnx.Node("Div", [centred, deviation]);
        if (norm.weight is not null) y = onnx.Node("Mul", [y, onnx.Parameter("weight")]);
        if (norm.bias is not null) y = onnx.Node("Add", [y, onnx.Parameter("bias")]);
        return y;
    }

    /// <summary>Eval mode: the running statistics (ONNX BatchNormalization with the four state_dict tensors).</summary>
    private static string BatchNorm(OnnxExportContext onnx, M.BatchNorm1d norm, string x)
    {
        if (!norm.track_running_stats || norm.running_mean is null || norm.running_var is null)
            throw new NotSupportedException("BatchNorm1d without running statistics (track_running_stats: false) normalises with each batch's own statistics, which one row at a time cannot reproduce");
        int features = (int)norm.num_features;
        string scale = norm.weight is not null ? onnx.Parameter("weight") : onnx.Constant("ones", Enumerable.Repeat(1f, features).ToArray(), features);
        string shift = norm.bias is not null ? onnx.Parameter("bias") : onnx.Constant("zeros", new float[features], features);
        return onnx.Node("BatchNormalization", [x, scale, shift, onnx.Parameter("running_mean"), onnx.Parameter("running_var")], ("epsilon", (float)norm.eps));
    }

    /// <summary>torch's GELU: x·Φ(x) = 0.5·x·(1 + erf(x/√2)), or the tanh approximation; Gelu is opset 20.</summary>
    private static string Gelu(OnnxExportContext onnx, M.GELU gelu, string x)
    {
        string half = onnx.Constant("half", [0.5f]), one = onnx.Constant("one", [1f]);
        string inner = gelu.approximate == M.GELU.Approximate.tanh
            ? onnx.Node("Tanh", [onnx.Node("Mul", [onnx.Constant("sqrt_2_over_pi", [(float)Math.Sqrt(2 / Math.PI)]),
                onnx.Node("Add", [x, onnx.Node("Mul", [onnx.Constant("c", [0.044715f]), onnx.Node("Mul", [x, onnx.Node("Mul", [x, x])])])])])])
            : onnx.Node("Erf", [onnx.Node("Div", [x, onnx.Constant("sqrt2", [(float)Math.Sqrt(2)])])]);
        return onnx.Node("Mul", [onnx.Node("Mul", [half, x]), onnx.Node("Add", [one, inner])]);
    }

    /// <summary>torch's Softplus: log(1 + e^(βx))/β, and x itself where βx &gt; threshold (ONNX Softplus has neither β nor threshold).</summary>
    private static string Softplus(OnnxExportContext onnx, M.Softplus softplus, string x)
    {
        string scaled = softplus.beta == 1 ? x : onnx.Node("Mul", [x, onnx.Constant("beta", [(float)softplus.beta])]);
        string smooth = onnx.Node("Softplus", [scaled]);
        if (softplus.beta != 1) smooth = onnx.Node("Div", [smooth, onnx.Constant("beta", [(float)softplus.beta])]);
        string linear = onnx.Node("Greater", [scaled, onnx.Constant("threshold", [(float)softplus.threshold])]);
        return onnx.Node("Where", [linear, x, smooth]);
    }
}
