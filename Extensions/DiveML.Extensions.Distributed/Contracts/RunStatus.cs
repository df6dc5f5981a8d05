namespace DiveML.Extensions.Distributed;

/// <summary>Where a run stands, as its coordinator sees it.</summary>
/// <param name="Total">Units in the plan.</param>
/// <param name="Pending">Units waiting for a worker.</param>
/// <param name="Leased">Units being fitted.</param>
/// <param name="Done">Units with a stored result.</param>
/// <param name="Sealed">The whole plan has been given (no more units will come).</param>
/// <param name="RequeuedExpired">Leases given back because their worker stopped heartbeating.</param>
/// <param name="RequeuedDeadSilo">Leases given back because their worker's silo was declared dead.</param>
/// <param name="Duplicates">Results that arrived for units already done (dropped).</param>
/// <param name="HostSilo">The silo the coordinator runs on.</param>
/// <param name="Leases">The units being fitted, with their workers.</param>
/// <param name="Failures">Units that will not be retried, with why.</param>
/// <param name="Completions">Completions from the index the caller asked for on (for progress lines).</param>
/// <param name="CompletionCount">All completions so far (ask from here next time).</param>
[GenerateSerializer, Immutable, Alias("dive.RunStatus")]
public sealed record RunStatus(int Total, int Pending, int Leased, int Done, bool Sealed, int RequeuedExpired, int RequeuedDeadSilo, int Duplicates,
    string HostSilo, IReadOnlyList<LeaseInfo> Leases, IReadOnlyList<UnitFailure> Failures, IReadOnlyList<UnitCompletion> Completions, int CompletionCount)
{
    /// <summary>Every unit of a sealed plan is done or failed.</summary>
    public bool Finished => Sealed && Pending == 0 && Leased == 0;
}
