using DiveML.Extensions.Scale;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// The silo the driving <c>dive</c> process hosts: it holds the run's coordinator grain and is the gateway workers
/// connect to. Alone on this machine with <c>--workers N</c> (localhost clustering, a cluster id of its own, so
/// parallel runs never meet), or a member of the Redis cluster with <c>--cluster</c>.
/// </summary>
public sealed class CoordinatorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CoordinatorHost(IHost host, int gatewayPort, string clusterId)
    {
        _host = host;
        GatewayPort = gatewayPort;
        ClusterId = clusterId;
    }

    /// <summary>The grain factory of the silo (calls from here are local: the coordinator is placed on this silo).</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The gateway port clients (workers) connect to.</summary>
    public int GatewayPort { get; }

    /// <summary>The Orleans cluster id (<c>dive-…</c> for a local run, <c>dive</c> in a Redis cluster).</summary>
    public string ClusterId { get; }

    /// <summary>Starts the silo.</summary>
    /// <param name="cluster">The Redis cluster to join, or null for a silo of its own on this machine.</param>
    /// <param name="store">Where the coordinator keeps plans and results.</param>
    /// <param name="coordinator">Coordinator settings; null for the defaults.</param>
    public static async Task<CoordinatorHost> StartAsync(ClusterAddress? cluster, IUnitResultStore store, CoordinatorOptions? coordinator = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        int siloPort = NetworkPorts.FromEnvironment("DIVE_SILO_PORT") ?? NetworkPorts.Free();
        int gatewayPort = NetworkPorts.FromEnvironment("DIVE_GATEWAY_PORT") ?? NetworkPorts.Free();
        var clusterId = cluster is null ? $"dive-{Guid.NewGuid():N}"[..17] : ClusterNames.ClusterId;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        OrleansLogging.Configure(builder.Logging);
        builder.UseOrleans(silo =>
        {
            if (cluster is null)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, primarySiloEndpoint: null, serviceId: ClusterNames.ServiceId, clusterId: clusterId);
            }
            else
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConfiguration));
                silo.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = ClusterNames.ServiceId; });
                silo.ConfigureEndpoints(NetworkPorts.Advertised(cluster), siloPort, gatewayPort, listenOnAnyHostAddress: true);
                // A driver killed without leaving stays in the table as a live silo until another declares it dead:
                // probe quickly so the next driver does not wait on it.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(2);
                    o.NumMissedProbesLimit = 2;
                    o.DefunctSiloExpiration = TimeSpan.FromHours(1);
                });
            }
            silo.Services.AddSingleton(store);
            silo.Services.Configure<CoordinatorOptions>(o =>
            {
                o.SweepInterval = coordinator?.SweepInterval ?? o.SweepInterval;
                o.MaxAttempts = coordinator?.MaxAttempts ?? o.MaxAttempts;
            });
        });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new CoordinatorHost(host, gatewayPort, clusterId);
    }

    /// <summary>Stops the silo.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
