using DiveML.Extensions.Scale;
using StackExchange.Redis;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// Results in Redis, for a cluster: one hash <c>dive:results</c> (field = unit id, value = sealed record) written with
/// HSETNX, so the first result of a unit wins atomically; plans as strings <c>dive:plan:{run}</c>. Unit ids are hashes of
/// the work, so any run of the same work — from any machine — finds the results again.
/// </summary>
/// <param name="redis">A connection (shared; StackExchange.Redis multiplexes).</param>
public sealed class RedisUnitResultStore(IConnectionMultiplexer redis) : IUnitResultStore
{
    private static readonly RedisKey Results = "dive:results";

    private IDatabase Db => redis.GetDatabase();

    /// <inheritdoc/>
    public string Location => $"redis://{redis.Configuration.Split(',')[0]} (hash dive:results)";

    /// <inheritdoc/>
    public Task SavePlanAsync(string runId, string planJson) => Db.StringSetAsync($"dive:plan:{runId}", planJson);

    /// <inheritdoc/>
    public async Task<string?> LoadPlanAsync(string runId) => await Db.StringGetAsync($"dive:plan:{runId}").ConfigureAwait(false) is { IsNull: false } plan ? plan.ToString() : null;

    /// <inheritdoc/>
    public Task<bool> TryRecordAsync(string unitId, string record) => Db.HashSetAsync(Results, unitId, record, When.NotExists);

    /// <inheritdoc/>
    public async Task<string?> ReadAsync(string unitId) => await Db.HashGetAsync(Results, unitId).ConfigureAwait(false) is { IsNull: false } record ? record.ToString() : null;

    /// <inheritdoc/>
    public Task DeleteAsync(string unitId) => Db.HashDeleteAsync(Results, unitId);

    /// <inheritdoc/>
    public async Task<IReadOnlyCollection<string>> ListAsync()
        => (await Db.HashKeysAsync(Results).ConfigureAwait(false)).Select(k => k.ToString()).Where(UnitTicket.IsValidId).ToArray();
}
