using DiveML.Trainers.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// Networks trained independently on the same data whose outputs are averaged: a regression ensemble predicts the mean
/// of its members' predictions, a classification ensemble the softmax of its members' mean logits. Averaging members
/// that differ only in initialisation, dropout masks and minibatch order cancels part of their variance, which is what
/// small tabular datasets suffer from most. Built by <see cref="TorchTrainerOptions.EnsembleSize"/>. Exports to ONNX
/// as one branch per member reading the same input, joined by <c>Mean</c>; member k's parameters are named
/// <c>members.k.…</c> (k from 0), as PyTorch would name a <c>ModuleList</c> field called <c>members</c>.
/// </summary>
public sealed class EnsembleNetwork : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    // A ModuleList registers the members, so parameters(), to(), train() and eval() reach them.
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> members;
    private readonly nn.Module<Tensor, Tensor>[] memberArray;

    /// <summary>Wraps <paramref name="networks"/> (at least one); each must map [batch, inputs] to [batch, outputs].</summary>
    public EnsembleNetwork(IReadOnlyList<nn.Module<Tensor, Tensor>> networks) : base(nameof(EnsembleNetwork))
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (networks.Count == 0) throw new ArgumentException("An ensemble needs at least one network.", nameof(networks));
        memberArray = networks.ToArray();
        members = nn.ModuleList(memberArray);
        RegisterComponents();
    }

    /// <summary>The member networks, in seed order.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Members => memberArray;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (memberArray.Length == 1) return memberArray[0].forward(input);
        using var scope = NewDisposeScope();
        var outputs = memberArray.Select(m => m.forward(input)).ToArray();
        return stack(outputs).mean([0L]).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public string ExportOnnx(OnnxExportContext onnx, string input)
    {
        // Every member reads the same input; ONNX's Mean averages their outputs as forward does.
        var outputs = memberArray.Select(member => onnx.Child(member, input)).ToArray();
        return outputs.Length == 1 ? outputs[0] : onnx.Node("Mean", outputs);
    }
}
