using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// The outcome of <see cref="TorchTraining.Train"/>: the trained network (in eval mode) and its history; with early
/// stopping, the epoch whose weights it holds and the training rows that were held out to choose it.
/// </summary>
internal sealed record TrainingOutcome(nn.Module<Tensor, Tensor> Network, IReadOnlyList<EpochRecord> History, string Device, int Seed,
    int? BestEpoch = null, IReadOnlyList<int>? EarlyStoppingRows = null);
