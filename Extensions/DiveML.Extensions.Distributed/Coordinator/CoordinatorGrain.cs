using DiveML.Extensions.Scale;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// Holds one run's units in memory — pending (a queue), leased (worker, token, expiry), done — and makes the durable
/// part durable: the plan is saved by <see cref="Enqueue"/> and every result is stored by <see cref="Complete"/> before
/// it returns, in the <see cref="IUnitResultStore"/>. A new activation (the grain moved, or its silo restarted) reloads
/// both, so it loses only leases; workers still fitting such a unit keep going (<see cref="Heartbeat"/> adopts the
/// lease) and their result is accepted.
/// </summary>
/// <remarks>
/// Grain turns never interleave, so a <see cref="Complete"/> that awaits the store is atomic with respect to every other
/// call. Fits never run here: workers fit outside any grain turn and only call in to lease, heartbeat and complete.
/// Placed on the silo that first calls it — the driver's, which enqueues the plan before any worker knows the run.
/// </remarks>
[PreferLocalPlacement]
public sealed class CoordinatorGrain(IUnitResultStore store, IClusterMembershipService membership, ILocalSiloDetails localSilo,
    IOptions<CoordinatorOptions> options, ILogger<CoordinatorGrain> logger) : Grain, ICoordinatorGrain
{
    private sealed class LeaseEntry
    {
        public required WorkItem Unit { get; init; }
        public required string WorkerId { get; set; }
        public SiloAddress? WorkerSilo { get; set; }
        public required long Token { get; set; }
        public required DateTime ExpiresUtc { get; set; }
        public required TimeSpan Duration { get; init; }
        public string Note { get; set; } = "";
    }

    private readonly Dictionary<string, WorkItem> _known = new(StringComparer.Ordinal);
    private readonly List<WorkItem> _order = [];
    private readonly LinkedList<string> _pending = new();
    private readonly Dictionary<string, LeaseEntry> _leased = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnitFailure> _failed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly List<UnitCompletion> _completions = [];
    private long _nextToken;
    private bool _sealed;
    private int _requeuedExpired, _requeuedDeadSilo, _duplicates;

    private string RunId => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.LoadPlanAsync(RunId).ConfigureAwait(true) is { } json)
        {
            var plan = UnitJson.Read<StoredPlan>(json, "stored plan of run " + RunId);
            await AddAsync(plan.Units).ConfigureAwait(true);
            _sealed = plan.Sealed;
        }
        // Tokens of an earlier activation can never be reused by this one.
        _nextToken = DateTime.UtcNow.Ticks;
        var period = options.Value.SweepInterval;
        this.RegisterGrainTimer(Sweep, new GrainTimerCreationOptions(period, period) { Interleave = false, KeepAlive = true });
        logger.LogInformation("Coordinator of run {Run} active on {Silo}: {Units} units, {Done} done", RunId, localSilo.SiloAddress, _known.Count, _done.Count);
    }

    /// <inheritdoc/>
    public async Task<int> Enqueue(IReadOnlyList<WorkItem> units, bool seal)
    {
        ArgumentNullException.ThrowIfNull(units);
        var added = units.Where(u => !_known.ContainsKey(u.Id)).DistinctBy(u => u.Id).ToList();
        if (added.Count == 0 && (_sealed || !seal)) return 0;
        // The plan is durable before any of its units can be leased.
        await store.SavePlanAsync(RunId, UnitJson.Write(new StoredPlan([.. _order, .. added], _sealed || seal))).ConfigureAwait(true);
        await AddAsync(added).ConfigureAwait(true);
        _sealed |= seal;
        return added.Count;
    }

    private async Task AddAsync(IReadOnlyList<WorkItem> units)
    {
        var stored = (await store.ListAsync().ConfigureAwait(true)).ToHashSet(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            if (!_known.TryAdd(unit.Id, unit)) continue;
            _order.Add(unit);
            if (stored.Contains(unit.Id)) _done.Add(unit.Id);
            else _pending.AddLast(unit.Id);
        }
    }

    /// <inheritdoc/>
    public Task<LeaseReply> Lease(string workerId, SiloAddress? workerSilo, TimeSpan leaseDuration)
    {
        while (_pending.First is { } first)
        {
            _pending.RemoveFirst();
            var id = first.Value;
            if (_done.Contains(id) || _leased.ContainsKey(id) || _failed.ContainsKey(id)) continue;
            int attempt = _attempts[id] = _attempts.GetValueOrDefault(id) + 1;
            var lease = new LeaseEntry
            {
                Unit = _known[id], WorkerId = workerId, WorkerSilo = workerSilo, Token = ++_nextToken,
                ExpiresUtc = DateTime.UtcNow + leaseDuration, Duration = leaseDuration,
            };
            _leased[id] = lease;
            return Task.FromResult(new LeaseReply(new LeaseGrant(lease.Unit, lease.Token, attempt), false));
        }
        return Task.FromResult(new LeaseReply(null, Finished));
    }

    private bool Finished => _sealed && _pending.Count == 0 && _leased.Count == 0;

    /// <inheritdoc/>
    public Task<bool> Heartbeat(string workerId, string unitId, long token, string note)
    {
        if (_done.Contains(unitId) || _failed.ContainsKey(unitId)) return Task.FromResult(false);
        if (_leased.TryGetValue(unitId, out var lease))
        {
            if (lease.Token != token) return Task.FromResult(false);
            lease.ExpiresUtc = DateTime.UtcNow + lease.Duration;
            lease.Note = note;
            return Task.FromResult(true);
        }
        if (_known.TryGetValue(unitId, out var unit))
        {
            // A lease this activation never granted (it is new) or already swept: adopt it rather than waste the fit.
            _pending.Remove(unitId);
            _leased[unitId] = new LeaseEntry
            {
                Unit = unit, WorkerId = workerId, Token = token, ExpiresUtc = DateTime.UtcNow + TimeSpan.FromSeconds(30), Duration = TimeSpan.FromSeconds(30), Note = note,
            };
            return Task.FromResult(true);
        }
        return Task.FromResult(true); // not in the plan yet (the driver has not enqueued again): keep fitting
    }

    /// <inheritdoc/>
    public async Task<CompleteOutcome> Complete(string workerId, string unitId, long token, string record)
    {
        if (_done.Contains(unitId))
        {
            _duplicates++;
            return CompleteOutcome.Duplicate;
        }
        if (ResultRecord.Open(record, out var problem) is null)
        {
            logger.LogWarning("Result of unit {Unit} from {Worker} arrived damaged ({Problem}); asking again", unitId, workerId, problem);
            return CompleteOutcome.Damaged;
        }
        // Durable first, then memory. A result from a worker whose lease was lost is still the unit's result: fits are
        // deterministic, and the id is the hash of the work.
        bool recorded = await store.TryRecordAsync(unitId, record).ConfigureAwait(true);
        int attempt = _attempts.GetValueOrDefault(unitId);
        _leased.Remove(unitId);
        _failed.Remove(unitId);
        _done.Add(unitId);
        if (!recorded)
        {
            _duplicates++;
            return CompleteOutcome.Duplicate;
        }
        _completions.Add(new UnitCompletion(unitId, _known.TryGetValue(unitId, out var unit) ? unit.Label : unitId, workerId, Math.Max(attempt, 1)));
        return CompleteOutcome.Accepted;
    }

    /// <inheritdoc/>
    public Task Fail(string workerId, string unitId, long token, string message)
    {
        if (!_done.Contains(unitId) && _known.TryGetValue(unitId, out var unit))
        {
            _leased.Remove(unitId);
            _pending.Remove(unitId);
            _failed[unitId] = new UnitFailure(unitId, unit.Label, message);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task Abandon(string workerId, string unitId, long token)
    {
        if (_leased.TryGetValue(unitId, out var lease) && lease.Token == token)
        {
            _leased.Remove(unitId);
            _attempts[unitId] = Math.Max(0, _attempts.GetValueOrDefault(unitId) - 1); // a clean hand-back is no failed attempt
            _pending.AddFirst(unitId);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<RunStatus> Status(int knownCompletions)
    {
        int from = Math.Clamp(knownCompletions, 0, _completions.Count);
        return Task.FromResult(new RunStatus(_known.Count, _pending.Count, _leased.Count, _done.Count, _sealed, _requeuedExpired, _requeuedDeadSilo, _duplicates,
            localSilo.SiloAddress.ToParsableString(),
            _leased.Values.Select(l => new LeaseInfo(l.Unit.Id, l.Unit.Label, l.WorkerId, l.Note, _attempts.GetValueOrDefault(l.Unit.Id))).ToArray(),
            _failed.Values.ToArray(), _completions.Skip(from).ToArray(), _completions.Count));
    }

    private Task Sweep(CancellationToken cancel)
    {
        if (_leased.Count == 0) return Task.CompletedTask;
        var now = DateTime.UtcNow;
        var members = membership.CurrentSnapshot;
        foreach (var (id, lease) in _leased.ToArray())
        {
            if (lease.WorkerSilo is { } silo && members.GetSiloStatus(silo) == SiloStatus.Dead)
            {
                logger.LogWarning("Unit {Unit} goes back to pending: worker {Worker}'s silo {Silo} is dead", lease.Unit.Label, lease.WorkerId, silo);
                _requeuedDeadSilo++;
                Requeue(id, lease);
            }
            else if (lease.ExpiresUtc < now)
            {
                logger.LogWarning("Unit {Unit} goes back to pending: worker {Worker} stopped heartbeating", lease.Unit.Label, lease.WorkerId);
                _requeuedExpired++;
                Requeue(id, lease);
            }
        }
        return Task.CompletedTask;
    }

    private void Requeue(string unitId, LeaseEntry lease)
    {
        _leased.Remove(unitId);
        int attempts = _attempts.GetValueOrDefault(unitId);
        if (attempts >= options.Value.MaxAttempts)
        {
            _failed[unitId] = new UnitFailure(unitId, lease.Unit.Label,
                $"{lease.Unit.Label}: its worker was lost {attempts} times in a row (the process died or stopped answering); the last was {lease.WorkerId}. " +
                "Look for an out-of-memory kill on the workers' machines.");
            return;
        }
        _pending.AddFirst(unitId); // retried next
    }

    /// <summary>The plan as stored: every unit in order, and whether more may come.</summary>
    private sealed record StoredPlan(IReadOnlyList<WorkItem> Units, bool Sealed);
}
