using DiveML.Extensions.Scale;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// A worker process (<c>dive worker</c>): an Orleans client — it only connects out to a gateway, holds no grains and
/// takes no part in membership — running a <see cref="LeaseWorker"/> until its run is finished (local) or until it is
/// stopped (cluster). A worker that dies is noticed by its lease expiring.
/// </summary>
public static class WorkerHost
{
    /// <summary>Connects and serves units until done or <paramref name="stop"/>; returns the number of units whose result this worker stored.</summary>
    /// <param name="target">What to join.</param>
    /// <param name="options">Worker settings.</param>
    /// <param name="work">Fits a unit.</param>
    /// <param name="status">Receives one line when connected and when waiting (for the worker's standard error).</param>
    /// <param name="stop">Stops the worker (SIGTERM, the driver leaving).</param>
    public static async Task<int> RunAsync(WorkerTarget target, LeaseWorkerOptions options, UnitWork work, Action<string> status, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(status);
        IConnectionMultiplexer? redis = target.Cluster is { } cluster ? await ConnectionMultiplexer.ConnectAsync(cluster.RedisConfiguration).ConfigureAwait(false) : null;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        OrleansLogging.Configure(builder.Logging);
        int failedConnects = 0;
        builder.UseOrleansClient(client =>
        {
            if (target.Cluster is { } c)
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(c.RedisConfiguration));
                client.Configure<ClusterOptions>(o => { o.ClusterId = ClusterNames.ClusterId; o.ServiceId = ClusterNames.ServiceId; });
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            }
            else
            {
                client.UseLocalhostClustering(target.GatewayPort ?? throw new ArgumentException("A local worker needs the run's gateway port."),
                    ClusterNames.ServiceId, target.LocalClusterId ?? throw new ArgumentException("A local worker needs the run's cluster id."));
            }
            // A cluster worker may start before any driver: wait for one, saying so once. A local worker's driver
            // started it, so it gives up after a minute.
            client.UseConnectionRetryFilter(async (exception, cancel) =>
            {
                if (++failedConnects == 1 && target.Cluster is not null) status($"waiting for a dive driver in the cluster at {target.Cluster} ...");
                if (target.Cluster is null && failedConnects > 120) return false;
                await Task.Delay(500, cancel).ConfigureAwait(false);
                return !cancel.IsCancellationRequested;
            });
        });
        using var host = builder.Build();
        await host.StartAsync(stop).ConfigureAwait(false);
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DiveML.Worker");
            status(target.Cluster is null ? $"worker {options.WorkerId} connected to run {target.RunId}" : $"worker {options.WorkerId} connected to the cluster at {target.Cluster}");
            var runs = redis is null ? null : new RunRegistry(redis);
            int turn = 0;
            Task<ICoordinatorGrain?> Next(CancellationToken cancel) => runs is null
                ? Task.FromResult<ICoordinatorGrain?>(grains.GetGrain<ICoordinatorGrain>(target.RunId ?? throw new ArgumentException("A local worker needs the run id.")))
                : NextActiveAsync();
            async Task<ICoordinatorGrain?> NextActiveAsync()
            {
                // Serve the announced runs in turn, so two drivers sharing the cluster both make progress.
                var active = await runs!.ActiveAsync().ConfigureAwait(false);
                return active.Count == 0 ? null : grains.GetGrain<ICoordinatorGrain>(active[turn++ % active.Count]);
            }
            var worker = new LeaseWorker(Next, options, work, logger);
            await worker.RunAsync(stop).ConfigureAwait(false);
            return worker.Completed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            await host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            redis?.Dispose();
        }
    }
}
