using DiveML.Trainers.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.D2l.Blocks;

/// <summary>
/// d2l 5.4's <c>MyLinear</c>: a layer with its own weight [in, units] and bias, followed by ReLU. (The book multiplies
/// by <c>weight.data</c>, which detaches it from autograd; here the parameters are used directly so the layer trains.)
/// </summary>
public sealed class MyLinear : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    public MyLinear(int inputs, int units) : base(nameof(MyLinear))
    {
        weight = new Parameter(randn(inputs, units));
        bias = new Parameter(randn(units));
        RegisterComponents();
    }

    public Tensor Weight => weight;

    public override Tensor forward(Tensor x) => nn.functional.relu(x.matmul(weight) + bias);

    // MatMul (not Gemm): the weight is [in, units], the book's layout, kept as the initialiser "weight".
    public string ExportOnnx(OnnxExportContext onnx, string x)
        => onnx.Node("Relu", [onnx.Node("Add", [onnx.Node("MatMul", [x, onnx.Parameter("weight")]), onnx.Parameter("bias")])]);
}
