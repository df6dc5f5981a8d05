using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>Minibatch SGD without momentum (d2l 3.4): p ← p − lr · g, torch.optim.SGD's single-tensor step (and TorchSharp's).</summary>
internal sealed class SgdUpdate(nn.Module<Tensor, Tensor> network, double learningRate, double weightDecay)
    : ParameterUpdate(network, learningRate, weightDecay)
{
    private Scalar? _negativeRate;

    private protected override void BeginStep() => _negativeRate = (-LearningRate).ToScalar();

    private protected override void Update(int index, Parameter parameter, Tensor grad) => parameter.add_(grad, alpha: _negativeRate!);

    private protected override void EndStep()
    {
        _negativeRate?.Dispose();
        _negativeRate = null;
    }

    public override void Dispose()
    {
        EndStep();
        base.Dispose();
    }
}
