using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// Scores the network on the rows early stopping held out after every epoch, remembers the best epoch's weights and
/// says when <see cref="EarlyStoppingOptions.Patience"/> epochs have passed without an improvement of more than
/// <see cref="EarlyStoppingOptions.MinDelta"/>. For an ensemble the network is the whole ensemble, so the ensemble's
/// metric decides and every member keeps the same epoch.
/// </summary>
internal sealed class EarlyStoppingMonitor : IDisposable
{
    private readonly EarlyStoppingOptions _options;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly int _rows;
    private readonly Func<Tensor, Tensor, Tensor> _summedLoss;
    private readonly bool _root;
    private Dictionary<string, Tensor>? _best;
    private int _epochsWithoutImprovement;

    /// <param name="options">Patience and minimum improvement.</param>
    /// <param name="heldOut">The held-out rows.</param>
    /// <param name="task">Regression (RMSE) or classification (log-loss).</param>
    /// <param name="device">The training device.</param>
    /// <param name="summedLoss">The training loss summed over a batch: the metric is its mean (classification) or the root of its mean (regression).</param>
    public EarlyStoppingMonitor(EarlyStoppingOptions options, TrainingData heldOut, TrainingTask task, Device device, Func<Tensor, Tensor, Tensor> summedLoss)
    {
        _options = options;
        _rows = heldOut.Rows;
        _summedLoss = summedLoss;
        _root = task == TrainingTask.Regression;
        _x = AlignedTensors.Of(heldOut.Features, [heldOut.Rows, heldOut.Dimension], device);
        _y = TorchTraining.Labels(heldOut, task, device);
    }

    /// <summary>The lowest metric so far.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>The epoch that reached <see cref="Best"/> (0 before the first epoch).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>RMSE or log-loss of the held-out rows, in eval mode (no dropout), in chunks to bound memory.</summary>
    public double Score(nn.Module<Tensor, Tensor> network)
    {
        double sum = HeldOutScoring.Sum(network, _x, _y, _rows, _summedLoss);
        return _root ? Math.Sqrt(sum / _rows) : sum / _rows;
    }

    /// <summary>Records epoch <paramref name="epoch"/>'s metric; returns true when training should stop.</summary>
    public bool Observe(int epoch, double metric, nn.Module<Tensor, Tensor> network)
    {
        if (metric < Best - _options.MinDelta)
        {
            Best = metric;
            BestEpoch = epoch;
            _epochsWithoutImprovement = 0;
            Snapshot(network);
            return false;
        }
        return ++_epochsWithoutImprovement >= _options.Patience;
    }

    /// <summary>Puts the best epoch's weights (and buffers) back into <paramref name="network"/>.</summary>
    public void RestoreBest(nn.Module<Tensor, Tensor> network)
    {
        if (_best is null) return;
        using var _ = no_grad();
        foreach (var (name, value) in network.state_dict())
            value.copy_(_best[name]);
    }

    private void Snapshot(nn.Module<Tensor, Tensor> network)
    {
        using var _ = no_grad();
        if (_best is null)
        {
            _best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
            return;
        }
        foreach (var (name, value) in network.state_dict())
            _best[name].copy_(value);
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
        if (_best is not null)
            foreach (var value in _best.Values) value.Dispose();
    }
}
