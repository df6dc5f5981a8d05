using DiveML.Trainers.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.D2l.Blocks;

/// <summary>d2l 5.1's <c>MLP</c>: a block of its own with two layers as fields and a forward that calls them.</summary>
public sealed class MlpBlock : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    // The field names become the parameter names: hidden.weight, hidden.bias, out.weight, out.bias.
    private readonly Linear hidden;
    private readonly Linear @out;

    public MlpBlock(int inputs = 20, int hiddenUnits = 256, int outputs = 10) : base(nameof(MlpBlock))
    {
        hidden = nn.Linear(inputs, hiddenUnits);
        @out = nn.Linear(hiddenUnits, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => @out.forward(nn.functional.relu(hidden.forward(x)));

    // The same computation in ONNX: the two children, with Relu between them.
    public string ExportOnnx(OnnxExportContext onnx, string x) => onnx.Child(@out, onnx.Node("Relu", [onnx.Child(hidden, x)]));
}
