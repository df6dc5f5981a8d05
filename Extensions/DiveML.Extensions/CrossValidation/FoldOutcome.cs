namespace DiveML.Extensions.CrossValidation;

/// <summary>What fitting one fold gives (<see cref="CrossValidator.RunFold"/>): its result and its held-out rows' predictions.</summary>
/// <param name="Result">Metrics on both parts, fit time, the network's history.</param>
/// <param name="HeldOut">The held-out rows' predictions with their labels, in row order (for out-of-fold predictions).</param>
public sealed record FoldOutcome(FoldResult Result, RowPredictions HeldOut);
