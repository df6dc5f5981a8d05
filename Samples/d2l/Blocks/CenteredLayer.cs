using DiveML.Trainers.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l.Blocks;

/// <summary>
/// d2l 5.4's <c>CenteredLayer</c>: subtracts the mean, a layer without parameters. As in the book the mean is over the
/// whole input tensor: over a batch when training, over the one row ML.NET scores at a time after saving.
/// </summary>
public sealed class CenteredLayer : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    public CenteredLayer() : base(nameof(CenteredLayer)) { }

    public override Tensor forward(Tensor x) => x - x.mean();

    // ReduceMean without axes averages every element (keepdims 0: a scalar), which Sub broadcasts.
    public string ExportOnnx(OnnxExportContext onnx, string x) => onnx.Node("Sub", [x, onnx.Node("ReduceMean", [x], ("keepdims", 0L))]);
}
