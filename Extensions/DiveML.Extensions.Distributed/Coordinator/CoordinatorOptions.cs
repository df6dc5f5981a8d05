namespace DiveML.Extensions.Distributed;

/// <summary>Settings of the <see cref="CoordinatorGrain"/>.</summary>
public sealed class CoordinatorOptions
{
    /// <summary>How often expired leases and leases on dead silos are given back. Default 1 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A unit leased this many times whose workers all vanished is failed rather than retried (a fit that kills its
    /// process, e.g. by running out of memory, would otherwise take every worker down in turn). Default 3.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;
}
