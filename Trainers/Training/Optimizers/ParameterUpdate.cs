using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// The parameter update of one training step: the optimiser of <see cref="TorchTrainerOptions.Optimizer"/>, with weight
/// decay on weights only, never on biases (d2l 4.5). Each update does exactly the tensor operations of TorchSharp's
/// optimisers, in the same order — torch.optim's single-tensor implementation as of PyTorch 1.13 (PyTorch 2 updates
/// Adam's first moment with <c>lerp_</c>, which rounds differently) — so a fit gives the numbers it gave through
/// TorchSharp's <c>optim.Adam</c> / <c>optim.SGD</c>, bit for bit (ParameterUpdateTests).
/// </summary>
/// <remarks>
/// Why not TorchSharp's <c>optim.Adam</c> / <c>optim.SGD</c>: they turn every constant (β₁, 1 − β₁, ε, the learning rate…)
/// into a new native <see cref="Scalar"/> at every operation and never dispose it, about eight per parameter per step. On
/// the house-prices linear run (11,400 steps) the finalizer thread spent about 1 s of a 2.5 s command releasing them, on
/// a 2-core machine where that core was needed (docs/benchmarks.md, "House prices against the d2l script"). Here the
/// constants are made once per fit and the per-step ones are disposed at once.
/// </remarks>
internal abstract class ParameterUpdate : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly bool[] _decays;

    private protected ParameterUpdate(nn.Module<Tensor, Tensor> network, double learningRate, double weightDecay)
    {
        var parameters = new List<Parameter>();
        var decays = new List<bool>();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (!parameter.requires_grad) continue;
            parameters.Add(parameter);
            decays.Add(weightDecay != 0 && !name.EndsWith("bias", StringComparison.Ordinal));
        }
        _parameters = [.. parameters];
        _decays = [.. decays];
        LearningRate = learningRate;
        WeightDecay = weightDecay.ToScalar();
    }

    /// <summary>The optimiser of <paramref name="options"/> over <paramref name="network"/>'s trainable parameters.</summary>
    public static ParameterUpdate Create(TorchTrainerOptions options, nn.Module<Tensor, Tensor> network) => options.Optimizer switch
    {
        OptimizerKind.Adam => new AdamUpdate(network, options.LearningRate, options.WeightDecay),
        _ => new SgdUpdate(network, options.LearningRate, options.WeightDecay),
    };

    /// <summary>The learning rate of the next <see cref="Step"/> (a schedule changes it between epochs).</summary>
    public double LearningRate { get; set; }

    private protected Scalar WeightDecay { get; }

    /// <summary>Zeroes every gradient in place (torch's <c>zero_grad(set_to_none=False)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>Updates every parameter from its gradient; parameters without one (not in the graph) are left alone.</summary>
    public void Step()
    {
        using var _ = no_grad();
        BeginStep();
        for (int i = 0; i < _parameters.Length; i++)
        {
            using var grad = _parameters[i].grad;
            if (grad is null) continue;
            // L2 weight decay as torch.optim adds it (grad + wd · param); in place, since the gradient is zeroed before
            // it is used again.
            if (_decays[i]) grad.add_(_parameters[i], alpha: WeightDecay);
            Update(i, _parameters[i], grad);
        }
        EndStep();
    }

    /// <summary>Called once before a step's parameters are updated (per-step constants).</summary>
    private protected abstract void BeginStep();

    /// <summary>Updates parameter <paramref name="index"/> from its (decayed) gradient.</summary>
    private protected abstract void Update(int index, Parameter parameter, Tensor grad);

    /// <summary>Called once after a step's parameters are updated.</summary>
    private protected abstract void EndStep();

    private protected int Count => _parameters.Length;

    /// <inheritdoc/>
    public virtual void Dispose() => WeightDecay.Dispose();
}
