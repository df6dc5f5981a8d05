namespace DiveML.Extensions.Distributed;

/// <summary>A unit being fitted: by whom, since when, and the worker's last note (e.g. <c>epoch 57/200</c>).</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="Label">The unit's label.</param>
/// <param name="WorkerId">The worker holding the lease.</param>
/// <param name="Note">The worker's last progress note, or empty.</param>
/// <param name="Attempt">Which lease of this unit it is.</param>
[GenerateSerializer, Immutable, Alias("dive.LeaseInfo")]
public sealed record LeaseInfo(string UnitId, string Label, string WorkerId, string Note, int Attempt);
