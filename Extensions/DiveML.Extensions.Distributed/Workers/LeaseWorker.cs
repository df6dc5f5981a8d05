using DiveML.Extensions.Scale;
using Microsoft.Extensions.Logging;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// A worker's pull loop: lease a unit, fit it on a thread of its own (never inside a grain turn) while heartbeating every
/// third of the lease, then complete it — or report its failure, or give it back when stopping. Completing is
/// idempotent (the first result of a unit wins), so it is retried on any transient error.
/// </summary>
/// <param name="coordinators">Finds the coordinator of the run to serve next; null while there is none.</param>
/// <param name="options">Settings.</param>
/// <param name="work">Fits a unit.</param>
/// <param name="logger">Where retries and lost leases are logged.</param>
public sealed class LeaseWorker(Func<CancellationToken, Task<ICoordinatorGrain?>> coordinators, LeaseWorkerOptions options, UnitWork work, ILogger logger)
{
    private int _completed, _failed, _lost;

    /// <summary>Units whose result this worker stored first.</summary>
    public int Completed => _completed;

    /// <summary>Units whose fit failed here.</summary>
    public int Failed => _failed;

    /// <summary>Units given up because the lease went to someone else.</summary>
    public int Lost => _lost;

    /// <summary>What the worker is doing now, for diagnostics.</summary>
    public string State { get; private set; } = "starting";

    /// <summary>Runs until the run is finished (<see cref="LeaseWorkerOptions.ExitWhenFinished"/>) or <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ICoordinatorGrain? coordinator;
            LeaseReply reply;
            try
            {
                coordinator = await coordinators(stop).ConfigureAwait(false);
                if (coordinator is null)
                {
                    State = "waiting for a run";
                    await Task.Delay(options.IdlePoll, stop).ConfigureAwait(false);
                    continue;
                }
                State = "asking for a unit";
                reply = await coordinator.Lease(options.WorkerId, options.WorkerSilo, options.LeaseDuration).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is not OperationCanceledException)
            {
                // The coordinator's silo is starting, moving or gone: ask again shortly.
                logger.LogWarning("Asking for a unit failed ({Type}: {Message}); retrying", e.GetType().Name, e.Message);
                await Task.Delay(options.IdlePoll, stop).ConfigureAwait(false);
                continue;
            }
            if (reply.Grant is null)
            {
                if (reply.RunFinished && options.ExitWhenFinished) return;
                State = "idle";
                await Task.Delay(options.IdlePoll, stop).ConfigureAwait(false);
                continue;
            }
            await RunOneAsync(coordinator, reply.Grant, stop).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(ICoordinatorGrain coordinator, LeaseGrant grant, CancellationToken stop)
    {
        var unit = grant.Unit;
        using var fitting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        string note = "";
        var heartbeat = HeartbeatAsync(coordinator, grant, () => note, fitting);
        State = $"fitting {unit.Label}";
        string? result = null;
        string? failure = null;
        try
        {
            // A fit is long synchronous CPU work: a thread of its own keeps the heartbeats and Orleans' threads free.
            result = await Task.Factory.StartNew(() => work(unit.ToTicket(), n => note = n, fitting.Token), fitting.Token,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (fitting.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = Describe(e);
        }
        await fitting.CancelAsync().ConfigureAwait(false);
        bool held = await heartbeat.ConfigureAwait(false);
        if (result is not null)
        {
            await CompleteAsync(coordinator, grant, ResultRecord.Seal(result), stop).ConfigureAwait(false);
        }
        else if (failure is not null)
        {
            Interlocked.Increment(ref _failed);
            logger.LogWarning("Unit {Unit} failed: {Message}", unit.Label, failure);
            await CallAsync(() => coordinator.Fail(options.WorkerId, unit.Id, grant.Token, failure), stop).ConfigureAwait(false);
        }
        else if (!held)
        {
            Interlocked.Increment(ref _lost);
        }
        else if (stop.IsCancellationRequested && options.AbandonOnStop)
        {
            try
            {
                await coordinator.Abandon(options.WorkerId, unit.Id, grant.Token).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Leaving anyway: the lease expires and the unit goes back by itself.
            }
        }
    }

    /// <summary>Heartbeats until the fit ends; returns false when the lease was lost (and then cancels the fit).</summary>
    private async Task<bool> HeartbeatAsync(ICoordinatorGrain coordinator, LeaseGrant grant, Func<string> note, CancellationTokenSource fitting)
    {
        using var timer = new PeriodicTimer(options.LeaseDuration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(fitting.Token).ConfigureAwait(false))
            {
                bool held;
                try
                {
                    held = await coordinator.Heartbeat(options.WorkerId, grant.Unit.Id, grant.Token, note()).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Heartbeat for {Unit} failed ({Message}); keeping on", grant.Unit.Label, e.Message);
                    continue;
                }
                if (!held)
                {
                    logger.LogWarning("The lease of {Unit} went to another worker; stopping this fit", grant.Unit.Label);
                    await fitting.CancelAsync().ConfigureAwait(false);
                    return false;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return true;
    }

    private async Task CompleteAsync(ICoordinatorGrain coordinator, LeaseGrant grant, string record, CancellationToken stop)
    {
        State = $"storing {grant.Unit.Label}";
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await coordinator.Complete(options.WorkerId, grant.Unit.Id, grant.Token, record).ConfigureAwait(false);
                if (outcome == CompleteOutcome.Accepted) Interlocked.Increment(ref _completed);
                if (outcome != CompleteOutcome.Damaged || attempt >= 5) return;
            }
            catch (Exception e) when (attempt < 10 && !stop.IsCancellationRequested && e is not OperationCanceledException)
            {
                logger.LogWarning("Storing the result of {Unit} failed ({Type}: {Message}); retrying", grant.Unit.Label, e.GetType().Name, e.Message);
                await Task.Delay(options.IdlePoll * attempt, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task CallAsync(Func<Task> call, CancellationToken stop)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await call().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < 10 && !stop.IsCancellationRequested && e is not OperationCanceledException)
            {
                await Task.Delay(options.IdlePoll * attempt, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The failure as the user would see it in-process: the message, and the type when the message alone would not say what it is.</summary>
    private static string Describe(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        while (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        return e.Message.ReplaceLineEndings(" ").Trim();
    }
}
