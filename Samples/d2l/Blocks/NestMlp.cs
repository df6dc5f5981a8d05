using DiveML.Trainers.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.D2l.Blocks;

/// <summary>d2l 5.1's <c>NestMLP</c>: a block holding a Sequential and a Linear (nested blocks).</summary>
public sealed class NestMlp : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Sequential net;
    private readonly Linear linear;

    public NestMlp(int inputs = 20) : base(nameof(NestMlp))
    {
        net = nn.Sequential(nn.Linear(inputs, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU());
        linear = nn.Linear(32, 16);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => linear.forward(net.forward(x));

    // Child exports the Sequential (and its layers, as net.0, net.2) before the Linear.
    public string ExportOnnx(OnnxExportContext onnx, string x) => onnx.Child(linear, onnx.Child(net, x));
}
