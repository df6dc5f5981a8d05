using TorchSharp;
using M = TorchSharp.Modules;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>Whether a network draws from libtorch's global generator while it trains (dropout does; a linear layer does not).</summary>
internal static class RandomModules
{
    /// <summary>
    /// True unless every module of <paramref name="network"/> is one known to draw nothing in training mode, or a
    /// <see cref="GeneratorDropout"/> (which can draw from a generator of its own): a module of a type not listed here
    /// (a user's own, <c>nn.Dropout</c> or another kind of dropout) counts as drawing from the global generator.
    /// </summary>
    public static bool NeedGlobalGenerator(nn.Module network) => !network.modules().All(module => module is
        M.Sequential or M.ModuleList<nn.Module<Tensor, Tensor>> or M.Linear or M.ReLU or M.Sigmoid or M.Tanh or M.GELU
        or M.LeakyReLU or M.Softplus or M.ELU or M.Identity or M.Flatten or M.LayerNorm or M.BatchNorm1d
        or Residual or EnsembleNetwork or GeneratorDropout);
}
