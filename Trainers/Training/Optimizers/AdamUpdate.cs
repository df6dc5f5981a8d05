using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// Adam (Kingma and Ba; d2l 12.10) with PyTorch's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, and the operations of
/// TorchSharp's Adam step (torch.optim.Adam's single-tensor step as of PyTorch 1.13): m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
internal sealed class AdamUpdate : ParameterUpdate
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly Scalar _beta1 = Beta1.ToScalar(), _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar(), _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private readonly Tensor?[] _means, _squares;
    // Each parameter counts its own steps, as torch.optim does (one skipped while it had no gradient is not counted);
    // the bias-correction scalars are made once for each step count and shared by the parameters at that count.
    private readonly long[] _steps;
    private long _scalarsStep = -1;
    private Scalar? _biasCorrection2Root, _negativeStepSize;

    public AdamUpdate(nn.Module<Tensor, Tensor> network, double learningRate, double weightDecay) : base(network, learningRate, weightDecay)
    {
        _means = new Tensor?[Count];
        _squares = new Tensor?[Count];
        _steps = new long[Count];
    }

    private protected override void BeginStep() => _scalarsStep = -1;

    private protected override void Update(int index, Parameter parameter, Tensor grad)
    {
        var mean = _means[index] ??= zeros_like(parameter).DetachFromDisposeScope();
        var square = _squares[index] ??= zeros_like(parameter).DetachFromDisposeScope();
        long step = ++_steps[index];
        if (step != _scalarsStep)
        {
            DisposeStepScalars();
            double biasCorrection1 = 1 - Math.Pow(Beta1, step);
            double biasCorrection2 = 1 - Math.Pow(Beta2, step);
            _biasCorrection2Root = Math.Sqrt(biasCorrection2).ToScalar();
            _negativeStepSize = (-(LearningRate / biasCorrection1)).ToScalar();
            _scalarsStep = step;
        }
        mean.mul_(_beta1).add_(grad, alpha: _oneMinusBeta1);
        square.mul_(_beta2).addcmul_(grad, grad, value: _oneMinusBeta2);
        using var denominator = square.sqrt();
        denominator.div_(_biasCorrection2Root!).add_(_epsilon);
        parameter.addcdiv_(mean, denominator, value: _negativeStepSize!);
    }

    private protected override void EndStep() => DisposeStepScalars();

    private void DisposeStepScalars()
    {
        _biasCorrection2Root?.Dispose();
        _negativeStepSize?.Dispose();
        (_biasCorrection2Root, _negativeStepSize) = (null, null);
    }

    public override void Dispose()
    {
        DisposeStepScalars();
        foreach (var tensor in _means.Concat(_squares)) tensor?.Dispose();
        foreach (var scalar in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon }) scalar.Dispose();
        base.Dispose();
    }
}
