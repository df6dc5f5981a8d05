namespace DiveML.Extensions.Distributed;

/// <summary>One unit's first result was stored: which unit, by which worker, on which attempt.</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="Label">The unit's label.</param>
/// <param name="WorkerId">The worker whose result was stored.</param>
/// <param name="Attempt">The lease it was fitted under (more than 1: an earlier worker was lost).</param>
[GenerateSerializer, Immutable, Alias("dive.UnitCompletion")]
public sealed record UnitCompletion(string UnitId, string Label, string WorkerId, int Attempt);
