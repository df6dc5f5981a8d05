namespace DiveML.Extensions.Distributed;

/// <summary>The answer to a lease request: a unit, or none — and then whether the run is over (the worker may leave).</summary>
/// <param name="Grant">The unit leased, or null when none is pending.</param>
/// <param name="RunFinished">Every unit is done (or failed): nothing more will come.</param>
[GenerateSerializer, Immutable, Alias("dive.LeaseReply")]
public sealed record LeaseReply(LeaseGrant? Grant, bool RunFinished);
