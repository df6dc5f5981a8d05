namespace DiveML.Extensions.Distributed;

/// <summary>A unit leased to a worker until it stops heartbeating; <paramref name="Token"/> tells successive leases of one unit apart.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Token">This lease's token (heartbeats and completion name it).</param>
/// <param name="Attempt">1 for the first lease of the unit, 2 after one worker was lost, ….</param>
[GenerateSerializer, Immutable, Alias("dive.LeaseGrant")]
public sealed record LeaseGrant(WorkItem Unit, long Token, int Attempt);
