using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Extensions.CrossValidation;

/// <summary>One fold's outcome.</summary>
/// <param name="Fold">1-based fold number.</param>
/// <param name="Train">Metrics on the fold's training part.</param>
/// <param name="Valid">Metrics on the held-out part.</param>
/// <param name="Seconds">Fit seconds.</param>
/// <param name="History">Per-epoch history of the network trained in this fold, when the pipeline has one.</param>
public sealed record FoldResult(int Fold, IReadOnlyDictionary<string, double> Train, IReadOnlyDictionary<string, double> Valid, double Seconds, IReadOnlyList<EpochRecord>? History)
{
    /// <summary>When the fold's network stopped early: the epoch whose weights it kept (<see cref="TorchModel.BestEpoch"/>); else null.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>
    /// With <see cref="CrossValidationOptions.KeepFoldModels"/>: the fold's fitted pipeline (featurizer and trainer),
    /// which scores raw rows like a refitted model; else null.
    /// </summary>
    public ITransformer? Model { get; init; }
}
