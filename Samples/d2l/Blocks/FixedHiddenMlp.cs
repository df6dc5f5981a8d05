using DiveML.Trainers.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.D2l.Blocks;

/// <summary>
/// d2l 5.1's <c>FixedHiddenMLP</c>: a constant random weight that training never changes, and one Linear layer used
/// twice (shared parameters). The book's forward ends in a data-dependent loop (halve X while |X|.sum() &gt; 1) and
/// returns one scalar for the whole batch; <see cref="BookForward"/> is exactly that. For training in a pipeline,
/// <see cref="forward"/> keeps the constant and the shared layer and adds a head, so each row gets its own prediction.
/// </summary>
public sealed class FixedHiddenMlp : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Linear linear;
    private readonly Linear head;
    private readonly Tensor randWeight;

    public FixedHiddenMlp(int features = 20, int outputs = 1) : base(nameof(FixedHiddenMlp))
    {
        // torch.rand((20, 20), requires_grad=False). A non-persistent buffer moves with .to(device) but, like the
        // book's plain attribute, is no entry of the state_dict.
        randWeight = rand(features, features);
        register_buffer("rand_weight", randWeight, persistent: false);
        linear = nn.Linear(features, features);
        head = nn.Linear(features, outputs);
        register_module("linear", linear);
        register_module("head", head);
    }

    public override Tensor forward(Tensor x) => head.forward(Hidden(x));

    /// <summary>The book's forward: the hidden part, then the halving loop, then the sum (a scalar).</summary>
    public Tensor BookForward(Tensor x)
    {
        var y = Hidden(x);
        while (y.abs().sum().item<float>() > 1) y = y / 2;
        return y.sum();
    }

    private Tensor Hidden(Tensor x)
    {
        x = linear.forward(x);
        x = nn.functional.relu(x.mm(randWeight) + 1);
        return linear.forward(x); // the same layer again: its parameters are shared
    }

    public string ExportOnnx(OnnxExportContext onnx, string x)
    {
        var hidden = onnx.Child(linear, x);
        // The constant weight is no parameter (nor a state_dict entry): a constant of the graph.
        var mixed = onnx.Node("Relu", [onnx.Node("Add", [onnx.Node("MatMul", [hidden, onnx.Constant("rand_weight", randWeight)]), onnx.Constant("one", [1f])])]);
        return onnx.Child(head, onnx.Child(linear, mixed)); // the second Child(linear) reuses its initialisers
    }
}
