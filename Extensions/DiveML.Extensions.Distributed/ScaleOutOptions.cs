using DiveML.Extensions.Scale;
using System.Diagnostics;

namespace DiveML.Extensions.Distributed;

/// <summary>How a driver spreads a run: worker processes on this machine, a Redis cluster, or both.</summary>
public sealed class ScaleOutOptions
{
    /// <summary>Worker processes to start on this machine (<c>--workers N</c>); 0 with a cluster: only the cluster's workers.</summary>
    public int LocalWorkers { get; init; }

    /// <summary>The Redis cluster (<c>--cluster</c>), or null for a run on this machine only.</summary>
    public ClusterAddress? Cluster { get; init; }

    /// <summary>
    /// How to start local worker <c>i</c> (1-based) of a run: given its index and the target it must join, the process
    /// to start (e.g. <c>dive worker --gateway … --run …</c>). Needed when <see cref="LocalWorkers"/> &gt; 0.
    /// </summary>
    public Func<int, WorkerTarget, ProcessStartInfo>? StartWorker { get; init; }

    /// <summary>How often the driver asks the coordinator where the run stands. Default 250 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Coordinator settings; null for the defaults.</summary>
    public CoordinatorOptions? Coordinator { get; init; }
}
