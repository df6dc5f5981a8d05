using DiveML.Extensions.Scale;
using StackExchange.Redis;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// The driver of a scaled run: checks the stored results (reusing the sound ones, recomputing damaged ones), starts
/// this process's silo with the run's coordinator, hands it the plan, starts local workers, follows the run to its end,
/// and returns every unit's result. Running it again with the same units resumes: only units without a sound stored
/// result are fitted.
/// </summary>
public static class ScaledRun
{
    /// <summary>Runs <paramref name="units"/> and returns their results.</summary>
    /// <param name="runId">The run's id (16 hex digits; the coordinator grain's key).</param>
    /// <param name="units">The units (ids must differ).</param>
    /// <param name="store">Where results are kept; with a cluster, <see cref="OpenClusterStoreAsync"/>'s.</param>
    /// <param name="options">Local workers and/or cluster.</param>
    /// <param name="progress">Receives progress while the run goes on.</param>
    /// <param name="cancel">Stops the run (results stored so far stay).</param>
    public static async Task<ScaledRunOutcome> RunAsync(string runId, IReadOnlyList<UnitTicket> units, IUnitResultStore store, ScaleOutOptions options,
        Action<ScaledRunProgress> progress, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.LocalWorkers < 0) throw new ArgumentOutOfRangeException(nameof(options), "LocalWorkers must be 0 or more.");
        if (options.LocalWorkers == 0 && options.Cluster is null) throw new ArgumentException("Without a cluster, at least one local worker is needed.", nameof(options));
        if (options.LocalWorkers > 0 && options.StartWorker is null) throw new ArgumentException("StartWorker is needed to start local workers.", nameof(options));
        var byId = units.ToDictionary(u => u.Id, StringComparer.Ordinal);

        // Stored results first: a sound one is reused, a damaged one is reported and removed, so it is fitted again.
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        var damaged = new List<string>();
        var stored = (await store.ListAsync().ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var unit in units.Where(u => stored.Contains(u.Id)))
        {
            var record = await store.ReadAsync(unit.Id).ConfigureAwait(false);
            string? problem = "it disappeared while being read";
            if (record is not null && ResultRecord.Open(record, out problem) is { } payload)
            {
                results[unit.Id] = payload;
                continue;
            }
            damaged.Add(unit.Label);
            progress(new ScaledRunProgress(null, 0, [], $"stored result of {unit.Label} is damaged ({problem}): computing it again"));
            await store.DeleteAsync(unit.Id).ConfigureAwait(false);
        }
        int reused = results.Count;
        progress(new ScaledRunProgress(null, reused, [], reused > 0 ? $"reusing {reused} stored result{(reused == 1 ? "" : "s")} of {units.Count} from {store.Location}" : null));
        if (results.Count == units.Count) return new ScaledRunOutcome(results, reused, 0, damaged);

        IConnectionMultiplexer? redis = options.Cluster is { } cluster ? await ConnectionMultiplexer.ConnectAsync(cluster.RedisConfiguration).ConfigureAwait(false) : null;
        var registry = redis is null ? null : new RunRegistry(redis);
        LocalWorkers? workers = null;
        int computed = 0;
        try
        {
            await using var host = await CoordinatorHost.StartAsync(options.Cluster, store, options.Coordinator).ConfigureAwait(false);
            var coordinator = host.Grains.GetGrain<ICoordinatorGrain>(runId);
            await coordinator.Enqueue(units.Select(WorkItem.From).ToArray(), seal: true).ConfigureAwait(false);
            if (registry is not null)
            {
                await registry.AnnounceAsync(runId, $"{Environment.MachineName} pid {Environment.ProcessId}").ConfigureAwait(false);
                if (options.LocalWorkers == 0)
                    progress(new ScaledRunProgress(null, reused, [], $"run {runId} announced in the cluster at {options.Cluster}: start `dive worker --cluster {options.Cluster}` on any machine"));
            }
            if (options.LocalWorkers > 0)
            {
                var target = options.Cluster is null
                    ? new WorkerTarget { GatewayPort = host.GatewayPort, LocalClusterId = host.ClusterId, RunId = runId }
                    : new WorkerTarget { Cluster = options.Cluster };
                workers = new LocalWorkers(Enumerable.Range(1, options.LocalWorkers).Select(i => options.StartWorker!(i, target)));
            }

            int known = 0;
            var announced = DateTime.UtcNow;
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                var status = await coordinator.Status(known).ConfigureAwait(false);
                known = status.CompletionCount;
                var completed = new List<(UnitCompletion, string)>();
                foreach (var completion in status.Completions)
                {
                    computed++;
                    var record = await store.ReadAsync(completion.UnitId).ConfigureAwait(false);
                    var payload = record is null ? null : ResultRecord.Open(record, out _);
                    if (payload is null) continue; // read again at the end, where a missing result is an error
                    results[completion.UnitId] = payload;
                    completed.Add((completion, payload));
                }
                progress(new ScaledRunProgress(status, reused, completed, null));
                if (status.Failures.Count > 0)
                    throw new InvalidOperationException(status.Failures.Count == 1 ? Failure(status.Failures[0])
                        : $"{status.Failures.Count} units failed; the first: {Failure(status.Failures[0])}");
                if (status.Finished) break;
                if (workers is not null && options.Cluster is null && workers.AllExited)
                    throw new InvalidOperationException($"Every worker process stopped before the run was done ({status.Done} of {status.Total} units). Their last words: {workers.ErrorTail}");
                if (registry is not null && DateTime.UtcNow - announced > RunRegistry.Expiry / 3)
                {
                    await registry.AnnounceAsync(runId, $"{Environment.MachineName} pid {Environment.ProcessId}").ConfigureAwait(false);
                    announced = DateTime.UtcNow;
                }
                await Task.Delay(options.PollInterval, cancel).ConfigureAwait(false);
            }
            // Every unit must have a sound result now; a missing or damaged one is a store problem worth stopping for.
            foreach (var unit in units.Where(u => !results.ContainsKey(u.Id)))
            {
                var record = await store.ReadAsync(unit.Id).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The result of {unit.Label} is missing from {store.Location} although the run finished.");
                results[unit.Id] = ResultRecord.Open(record, out var problem)
                    ?? throw new InvalidDataException($"The result of {unit.Label} in {store.Location} is damaged ({problem}). Run the command again to recompute it.");
            }
            return new ScaledRunOutcome(results, reused, computed, damaged);
        }
        finally
        {
            if (registry is not null) await registry.WithdrawAsync(runId).ConfigureAwait(false);
            workers?.Stop(TimeSpan.FromSeconds(5));
            workers?.Dispose();
            redis?.Dispose();
        }

        static string Failure(UnitFailure failure) => failure.Message.StartsWith(failure.Label, StringComparison.Ordinal) ? failure.Message : $"{failure.Label}: {failure.Message}";
    }

    /// <summary>The result store of a Redis cluster (results kept in the cluster's Redis, readable from any machine).</summary>
    public static async Task<(IUnitResultStore Store, IDisposable Connection)> OpenClusterStoreAsync(ClusterAddress cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ConnectionMultiplexer redis;
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(cluster.RedisConfiguration).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            throw new IOException($"Cannot reach the cluster's Redis at {cluster}: {e.Message.Split('\n')[0]} Is redis-server running there, and is the port open?", e);
        }
        return (new RedisUnitResultStore(redis), redis);
    }
}
