using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiveML.Extensions.Distributed;

/// <summary>A <see cref="LeaseWorker"/> as a hosted service of a silo or client host: fits run beside Orleans, never in a grain turn.</summary>
/// <param name="grains">The host's grain factory.</param>
/// <param name="runId">The run to serve.</param>
/// <param name="options">Worker settings.</param>
/// <param name="work">Fits a unit.</param>
/// <param name="logger">Logger.</param>
public sealed class LeaseWorkerService(IGrainFactory grains, string runId, LeaseWorkerOptions options, UnitWork work, ILogger<LeaseWorkerService> logger) : BackgroundService
{
    /// <summary>The worker (null until the service has started).</summary>
    public LeaseWorker? Worker { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        Worker = new LeaseWorker(_ => Task.FromResult<ICoordinatorGrain?>(grains.GetGrain<ICoordinatorGrain>(runId)), options, work, logger);
        try
        {
            await Worker.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
