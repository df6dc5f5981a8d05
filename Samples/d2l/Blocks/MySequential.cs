using DiveML.Trainers.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l.Blocks;

/// <summary>d2l 5.1's <c>MySequential</c>: children registered under "0", "1", … and run in order.</summary>
public sealed class MySequential : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly nn.Module<Tensor, Tensor>[] blocks;

    public MySequential(params nn.Module<Tensor, Tensor>[] blocks) : base(nameof(MySequential))
    {
        this.blocks = blocks;
        // As the book's self._modules[str(idx)] = module: the index is the name, so the keys are 0.weight, …
        for (int i = 0; i < blocks.Length; i++) register_module(i.ToString(System.Globalization.CultureInfo.InvariantCulture), blocks[i]);
    }

    public override Tensor forward(Tensor x)
    {
        foreach (var block in blocks) x = block.forward(x);
        return x;
    }

    public string ExportOnnx(OnnxExportContext onnx, string x)
    {
        foreach (var block in blocks) x = onnx.Child(block, x);
        return x;
    }
}
