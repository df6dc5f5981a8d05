namespace DiveML.Trainers.Onnx;

/// <summary>
/// A TorchSharp module of your own that describes its forward pass in ONNX, so that a network containing it can be
/// saved with <c>mlContext.Model.Save</c> and scored after <c>Model.Load</c> without TorchSharp (decisions D17, D18).
/// </summary>
/// <remarks>
/// <para>
/// DiveML exports Sequential containers and the common built-in layers itself (Linear, ReLU, Sigmoid, Tanh, GELU,
/// LeakyReLU, Softplus, ELU, Dropout, Identity, Flatten, LayerNorm, BatchNorm1d) and DiveML's own
/// <see cref="Residual"/> and <see cref="EnsembleNetwork"/>. A module with a <c>forward</c> of its own (d2l 5.1's
/// <c>MLP</c> subclass, <c>FixedHiddenMLP</c>, 5.4's <c>CenteredLayer</c> and <c>MyLinear</c>) implements this
/// interface and writes, in <see cref="ExportOnnx"/>, the ONNX nodes that compute what its <c>forward</c> computes:
/// </para>
/// <code>
/// sealed class CenteredLayer : nn.Module&lt;Tensor, Tensor&gt;, IOnnxExportable
/// {
///     public CenteredLayer() : base(nameof(CenteredLayer)) { }
///     public override Tensor forward(Tensor x) =&gt; x - x.mean();
///     public string ExportOnnx(OnnxExportContext onnx, string x) =&gt; onnx.Node("Sub", [x, onnx.Node("ReduceMean", [x], ("keepdims", 0L))]);
/// }
///
/// sealed class MyLinear : nn.Module&lt;Tensor, Tensor&gt;, IOnnxExportable
/// {
///     private readonly Parameter weight, bias;
///     public MyLinear(int inputs, int units) : base(nameof(MyLinear))
///     {
///         weight = new Parameter(randn(inputs, units));
///         bias = new Parameter(randn(units));
///         RegisterComponents();
///     }
///     public override Tensor forward(Tensor x) =&gt; functional.relu(x.matmul(weight) + bias);
///     public string ExportOnnx(OnnxExportContext onnx, string x)
///         =&gt; onnx.Node("Relu", [onnx.Node("Add", [onnx.Node("MatMul", [x, onnx.Parameter("weight")]), onnx.Parameter("bias")])]);
/// }
/// </code>
/// <para>
/// Rules: the nodes use the default ONNX domain at opset 13 (the version DiveML writes); the input is
/// <c>[1, features]</c> for the network's first module (ML.NET scores one row at a time) and whatever the previous
/// module produced otherwise; parameters and buffers come in through <see cref="OnnxExportContext.Parameter"/>, which
/// names the initialiser by the PyTorch <c>state_dict</c> key, so saved models keep their parameter names; submodules
/// are exported with <see cref="OnnxExportContext.Child"/>. When a configuration cannot be expressed, throw
/// <see cref="NotSupportedException"/> with the reason: the model then scores in-process and refuses <c>Save</c>,
/// naming the module by its full path and giving the reason. After fitting, DiveML runs a few training rows through
/// both the graph and <c>forward</c>, and a difference also blocks saving, so a wrong <see cref="ExportOnnx"/> is never
/// saved silently.
/// </para>
/// </remarks>
public interface IOnnxExportable
{
    /// <summary>
    /// Adds the ONNX nodes that compute this module's forward pass (eval mode) from the value named
    /// <paramref name="input"/>; returns the name of the value holding its output.
    /// </summary>
    /// <param name="onnx">Adds nodes, reads this module's parameters, exports its children.</param>
    /// <param name="input">The name of the module's input value.</param>
    string ExportOnnx(OnnxExportContext onnx, string input);
}
