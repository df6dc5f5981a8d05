using DiveML.Trainers;

namespace DiveML.Extensions.CrossValidation;

/// <summary>One fold's outcome.</summary>
/// <param name="Fold">1-based fold number.</param>
/// <param name="Train">Metrics on the fold's training part.</param>
/// <param name="Valid">Metrics on the held-out part.</param>
/// <param name="Seconds">Fit seconds.</param>
/// <param name="History">Per-epoch history of the network trained in this fold, when the pipeline has one.</param>
public sealed record FoldResult(int Fold, IReadOnlyDictionary<string, double> Train, IReadOnlyDictionary<string, double> Valid, double Seconds, IReadOnlyList<EpochRecord>? History);
