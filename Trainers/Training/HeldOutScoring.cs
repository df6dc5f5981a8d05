using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// Scores a network on rows it does not train on (the curves' validation data, early stopping's held-out rows): a
/// quantity summed over the rows, computed in eval mode (no dropout) and in chunks to bound memory, with the network
/// put back in training mode afterwards.
/// </summary>
internal static class HeldOutScoring
{
    private const int Chunk = 8192;

    /// <summary>Σ over the chunks of <paramref name="summed"/>(output, labels): a count (Int64) or a float sum.</summary>
    public static double Sum(nn.Module<Tensor, Tensor> network, Tensor x, Tensor y, int rows, Func<Tensor, Tensor, Tensor> summed)
    {
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var _ = no_grad();
            double sum = 0;
            for (int start = 0; start < rows; start += Chunk)
            {
                using var scope = NewDisposeScope();
                int length = Math.Min(Chunk, rows - start);
                var part = summed(network.forward(x.narrow(0, start, length)), y.narrow(0, start, length));
                sum += part.dtype == ScalarType.Int64 ? part.item<long>() : part.item<float>();
            }
            return sum;
        }
        finally
        {
            if (wasTraining) network.train();
        }
    }
}
