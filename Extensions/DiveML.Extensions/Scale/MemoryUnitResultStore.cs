using System.Collections.Concurrent;

namespace DiveML.Extensions.Scale;

/// <summary>Results in this process's memory: for tests, and for silos of one process that share it (an in-process test cluster).</summary>
public sealed class MemoryUnitResultStore : IUnitResultStore
{
    private readonly ConcurrentDictionary<string, string> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Location => "memory";

    /// <summary>How many times each unit's result was offered (accepted or refused): more than once means a unit was fitted again.</summary>
    public IReadOnlyDictionary<string, int> Writes => _writes;

    /// <inheritdoc/>
    public Task SavePlanAsync(string runId, string planJson)
    {
        _plans[runId] = planJson;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<string?> LoadPlanAsync(string runId) => Task.FromResult(_plans.TryGetValue(runId, out var plan) ? plan : null);

    /// <inheritdoc/>
    public Task<bool> TryRecordAsync(string unitId, string record)
    {
        _writes.AddOrUpdate(unitId, 1, (_, n) => n + 1);
        return Task.FromResult(_results.TryAdd(unitId, record));
    }

    /// <inheritdoc/>
    public Task<string?> ReadAsync(string unitId) => Task.FromResult(_results.TryGetValue(unitId, out var record) ? record : null);

    /// <summary>Replaces a record as it is (tests: a damaged result).</summary>
    public void Overwrite(string unitId, string record) => _results[unitId] = record;

    /// <inheritdoc/>
    public Task DeleteAsync(string unitId)
    {
        _results.TryRemove(unitId, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyCollection<string>> ListAsync() => Task.FromResult<IReadOnlyCollection<string>>(_results.Keys.ToArray());
}
