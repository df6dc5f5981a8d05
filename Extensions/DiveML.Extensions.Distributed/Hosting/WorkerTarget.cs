using DiveML.Extensions.Scale;
namespace DiveML.Extensions.Distributed;

/// <summary>
/// Which cluster a worker joins: the silo of one local run (its gateway port and cluster id on this machine, and the
/// run to serve), or a Redis cluster (any run its drivers announce).
/// </summary>
public sealed record WorkerTarget
{
    /// <summary>A local run's gateway port on 127.0.0.1.</summary>
    public int? GatewayPort { get; init; }

    /// <summary>A local run's cluster id.</summary>
    public string? LocalClusterId { get; init; }

    /// <summary>A local run's id: the only run the worker serves, leaving when it is finished.</summary>
    public string? RunId { get; init; }

    /// <summary>A Redis cluster: the worker serves every announced run and stays for the next.</summary>
    public ClusterAddress? Cluster { get; init; }
}
