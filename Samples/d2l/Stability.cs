using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 4.8: vanishing sigmoid gradients, exploding products of random matrices, and Xavier's variance.</summary>
public static class Stability
{
    public static void VanishingAndExploding(SampleRun run)
    {
        var x = tensor(new[] { -8f, -4f, 0f, 4f, 8f }).requires_grad_(true);
        var y = sigmoid(x);
        y.backward([ones_like(x)]);
        run.Line($"sigmoid gradient at x = -8, -4, 0, 4, 8: {SampleRun.Format(x.grad!)} (it vanishes away from 0)");

        manual_seed(1);
        var M = normal(0, 1, [4, 4]);
        run.Show("a single matrix", M);
        for (int i = 0; i < 100; i++) M = M.mm(normal(0, 1, [4, 4]));
        run.Show("after multiplying 100 matrices", M);
        run.Line($"largest |entry| after 100 products: {M.abs().max().item<float>():E2}");

        // Xavier: Var[w] = 2 / (n_in + n_out) keeps the variance of activations and gradients alike across layers.
        var layer = nn.Linear(784, 256);
        nn.init.xavier_uniform_(layer.weight);
        run.Line($"xavier_uniform_ on Linear(784, 256): weight variance {layer.weight.var().item<float>():E3}, 2 / (784 + 256) = {2.0 / (784 + 256):E3}");
    }
}
