using DiveML.Trainers.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// A residual block: <c>x + inner(x)</c> (the skip connection of ResNets, d2l 8.6), for any inner module that maps
/// its input to the same shape. Exports to ONNX as the inner module's nodes followed by <c>Add</c>. Its parameters
/// are the inner module's, under the prefix <c>inner.</c>.
/// </summary>
public sealed class Residual : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    // Registered by RegisterComponents under the name "inner", which prefixes the inner module's state_dict keys.
    private readonly nn.Module<Tensor, Tensor> inner;

    /// <summary>Wraps <paramref name="inner"/>, which must keep its input's shape.</summary>
    public Residual(nn.Module<Tensor, Tensor> inner) : base(nameof(Residual))
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        RegisterComponents();
    }

    /// <summary>The wrapped module.</summary>
    public nn.Module<Tensor, Tensor> Inner => inner;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => input + inner.forward(input);

    /// <inheritdoc/>
    public string ExportOnnx(OnnxExportContext onnx, string input) => onnx.Node("Add", [input, onnx.Child(inner, input)]);
}
