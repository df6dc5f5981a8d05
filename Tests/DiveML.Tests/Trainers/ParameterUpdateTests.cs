using DiveML.Trainers;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DiveML.Tests.Trainers;

/// <summary>DiveML's optimisers against TorchSharp's (torch.optim's arithmetic), bit for bit.</summary>
public class ParameterUpdateTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam, 0.0)]
    [InlineData(OptimizerKind.Adam, 0.05)]
    [InlineData(OptimizerKind.Sgd, 0.0)]
    [InlineData(OptimizerKind.Sgd, 0.05)]
    public void Steps_match_torch_optim_bit_for_bit(OptimizerKind kind, double weightDecay)
    {
        TorchRuntime.EnsureAvailable();
        using var ours = Network();
        using var theirs = Network();
        var options = new MlpOptions { Optimizer = kind, LearningRate = 0.01, WeightDecay = weightDecay };
        using var update = ParameterUpdate.Create(options, ours);
        using var reference = Reference(kind, theirs, options.LearningRate, weightDecay);
        var random = new Random(5);
        for (int step = 0; step < 40; step++)
        {
            // A schedule changes the rate between epochs: both optimisers follow it.
            if (step == 20)
            {
                update.LearningRate = 0.003;
                foreach (var group in reference.ParamGroups) group.LearningRate = 0.003;
            }
            var x = Enumerable.Range(0, 8 * 5).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
            var y = Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray();
            using (NewDisposeScope())
            {
                // One pair of input tensors for both: vectorised kernels may round differently on differently aligned memory.
                var input = tensor(x, [8, 5]);
                var target = tensor(y, [8, 1]);
                update.ZeroGrad();
                functional.mse_loss(ours.forward(input), target).backward();
                update.Step();
                reference.zero_grad();
                functional.mse_loss(theirs.forward(input), target).backward();
                reference.step();
            }
        }
        var a = ours.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var b = theirs.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(b, a);
        // The parameters moved: the comparison is not between two untouched networks.
        using var fresh = Network();
        Assert.NotEqual(fresh.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray(), a);
    }

    /// <summary>TorchSharp's optimiser with the weight-decay groups DiveML had used: decay on weights, none on biases.</summary>
    private static optim.Optimizer Reference(OptimizerKind kind, Module<Tensor, Tensor> network, double lr, double wd)
    {
        var weights = network.named_parameters().Where(p => !p.name.EndsWith("bias")).Select(p => p.parameter).ToList();
        var biases = network.named_parameters().Where(p => p.name.EndsWith("bias")).Select(p => p.parameter).ToList();
        return kind == OptimizerKind.Adam
            ? optim.Adam([new TorchSharp.Modules.Adam.ParamGroup(weights, lr: lr, weight_decay: wd), new TorchSharp.Modules.Adam.ParamGroup(biases, lr: lr, weight_decay: 0)], lr)
            : optim.SGD([new TorchSharp.Modules.SGD.ParamGroup(weights, lr: lr, weight_decay: wd), new TorchSharp.Modules.SGD.ParamGroup(biases, lr: lr, weight_decay: 0)], lr);
    }

    /// <summary>A 5 → 4 → 1 MLP with weights from a seeded System.Random, not libtorch's global generator (tests run in parallel).</summary>
    private static Module<Tensor, Tensor> Network()
    {
        var network = Sequential(("0", Linear(5, 4)), ("1", ReLU()), ("2", Linear(4, 1)));
        var random = new Random(11);
        using var _ = no_grad();
        foreach (var parameter in network.parameters())
        {
            var values = Enumerable.Range(0, (int)parameter.numel()).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            using var source = tensor(values, parameter.shape);
            parameter.copy_(source);
        }
        return network;
    }
}
