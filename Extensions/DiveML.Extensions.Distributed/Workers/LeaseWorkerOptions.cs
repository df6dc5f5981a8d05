using Orleans.Runtime;

namespace DiveML.Extensions.Distributed;

/// <summary>Settings of a <see cref="LeaseWorker"/>.</summary>
public sealed class LeaseWorkerOptions
{
    /// <summary>The worker's name in progress lines and leases (e.g. <c>w2</c> or <c>host:pid</c>).</summary>
    public required string WorkerId { get; init; }

    /// <summary>The silo the worker runs in, when it is hosted by a silo (its leases go back as soon as the silo is declared dead); null for a client.</summary>
    public SiloAddress? WorkerSilo { get; init; }

    /// <summary>How long a lease lasts without a heartbeat; heartbeats come every third of it. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before asking again when no unit is pending. Default 250 ms.</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Leave when the run says it is finished (local workers); false: wait for the next run (cluster workers). Default true.</summary>
    public bool ExitWhenFinished { get; init; } = true;

    /// <summary>Hand an unfinished unit back when stopping. Default true; tests set false to make a stop look like a crash.</summary>
    public bool AbandonOnStop { get; init; } = true;
}
