using DiveML.Trainers.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// Dropout (d2l 4.6) as libtorch computes it on the CPU — a mask of Bernoulli(1 − p) draws divided by 1 − p, times the
/// input, in training; the input itself in evaluation — with the draws taken from <see cref="Generator"/> when the trainer
/// gives it one, instead of libtorch's global generator. That makes the same numbers as <c>nn.Dropout</c> from the same
/// generator state, while fits that run at once (folds in parallel) each draw from their own stream (decisions D9).
/// DiveML's MLPs use it; it exports to ONNX as the identity, as dropout does at inference, and has no parameters.
/// </summary>
public sealed class GeneratorDropout : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    /// <summary>Dropout with probability <paramref name="p"/> in [0, 1).</summary>
    public GeneratorDropout(double p) : base("Dropout")
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout probability {p} must be in [0, 1).");
        P = p;
    }

    /// <summary>The probability of zeroing an element in training.</summary>
    public double P { get; }

    /// <summary>Where the training masks are drawn from; null: libtorch's global generator (as <c>nn.Dropout</c>).</summary>
    public torch.Generator? Generator { get; set; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (!training || P == 0 || Generator is null) return nn.functional.dropout(input, P, training);
        // ATen's CPU dropout (_dropout_impl): noise = empty_like(input).bernoulli_(1 − p); noise /= 1 − p; input · noise.
        using var noise = empty_like(input).bernoulli_(1 - P, Generator);
        noise.div_(1 - P);
        return input.mul(noise);
    }

    /// <inheritdoc/>
    public string ExportOnnx(OnnxExportContext onnx, string input) => input;
}
