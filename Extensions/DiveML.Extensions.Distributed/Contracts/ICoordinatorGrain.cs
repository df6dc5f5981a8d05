using Orleans.Runtime;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// The coordinator of one run (grain key: the run id): holds which units are pending, leased (to whom, until when) and
/// done. Workers pull: <see cref="Lease"/>, <see cref="Heartbeat"/> while fitting, then <see cref="Complete"/> or
/// <see cref="Fail"/>. A lease whose worker stops heartbeating, or whose silo is declared dead, goes back to pending.
/// </summary>
[Alias("dive.ICoordinatorGrain")]
public interface ICoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Adds units to the plan (idempotent by id: known units are skipped, units with a stored result count as done); <paramref name="seal"/>: no more will come.</summary>
    [Alias("Enqueue")] Task<int> Enqueue(IReadOnlyList<WorkItem> units, bool seal);

    /// <summary>The next pending unit for <paramref name="workerId"/>, leased for <paramref name="leaseDuration"/>; <paramref name="workerSilo"/> is the silo a silo-hosted worker runs in (null for a client).</summary>
    [Alias("Lease")] Task<LeaseReply> Lease(string workerId, SiloAddress? workerSilo, TimeSpan leaseDuration);

    /// <summary>Extends a lease and records the worker's note; false: the lease is no longer this worker's (or the unit is done): stop fitting.</summary>
    [Alias("Heartbeat")] Task<bool> Heartbeat(string workerId, string unitId, long token, string note);

    /// <summary>Stores the unit's result (a sealed record, <see cref="DiveML.Extensions.Scale.ResultRecord"/>); the first result per unit wins.</summary>
    [Alias("Complete")] Task<CompleteOutcome> Complete(string workerId, string unitId, long token, string record);

    /// <summary>The unit's fit failed with <paramref name="message"/>: fits are deterministic, so it is not retried.</summary>
    [Alias("Fail")] Task Fail(string workerId, string unitId, long token, string message);

    /// <summary>The worker gives the unit back unfinished (it is shutting down).</summary>
    [Alias("Abandon")] Task Abandon(string workerId, string unitId, long token);

    /// <summary>Where the run stands; completions from index <paramref name="knownCompletions"/> on.</summary>
    [Alias("Status")] Task<RunStatus> Status(int knownCompletions);
}
