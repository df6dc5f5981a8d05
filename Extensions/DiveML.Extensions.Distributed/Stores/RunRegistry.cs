using StackExchange.Redis;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// Which runs a cluster's workers should serve: drivers list their run in the Redis hash <c>dive:runs</c> and keep a key
/// <c>dive:run:{id}:alive</c> with a short expiry fresh while they run; workers serve the listed runs whose key exists,
/// so a driver that was killed stops attracting workers within seconds.
/// </summary>
/// <param name="redis">The cluster's Redis.</param>
public sealed class RunRegistry(IConnectionMultiplexer redis)
{
    private static readonly RedisKey Runs = "dive:runs";

    /// <summary>How long a run stays listed after its driver's last refresh.</summary>
    public static TimeSpan Expiry { get; } = TimeSpan.FromSeconds(15);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Lists the run (or refreshes it: call every few seconds).</summary>
    public async Task AnnounceAsync(string runId, string description)
    {
        await Db.HashSetAsync(Runs, runId, description).ConfigureAwait(false);
        await Db.StringSetAsync($"dive:run:{runId}:alive", DateTime.UtcNow.ToString("O"), Expiry).ConfigureAwait(false);
    }

    /// <summary>Removes the run (its driver is done).</summary>
    public async Task WithdrawAsync(string runId)
    {
        await Db.HashDeleteAsync(Runs, runId).ConfigureAwait(false);
        await Db.KeyDeleteAsync($"dive:run:{runId}:alive").ConfigureAwait(false);
    }

    /// <summary>The runs whose drivers are alive; stale entries are removed on the way.</summary>
    public async Task<IReadOnlyList<string>> ActiveAsync()
    {
        var active = new List<string>();
        foreach (var entry in await Db.HashKeysAsync(Runs).ConfigureAwait(false))
        {
            var id = entry.ToString();
            if (await Db.KeyExistsAsync($"dive:run:{id}:alive").ConfigureAwait(false)) active.Add(id);
            else await Db.HashDeleteAsync(Runs, id).ConfigureAwait(false);
        }
        return active;
    }
}
