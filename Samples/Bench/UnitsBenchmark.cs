using System.Diagnostics;
using System.Runtime.CompilerServices;
using DiveML.Extensions.Distributed;
using DiveML.Extensions.Scale;
using DiveML.Samples.Commands;

namespace DiveML.Samples.Bench;

/// <summary>
/// <c>dive bench units</c>: what the scheduler costs per unit. Trivial units (no fit, result <c>{}</c>) go through the
/// whole path a grid's units take — lease, heartbeat-free fit, complete, the coordinator's durable write to the file
/// store under a temporary folder — with local worker processes, so the time per unit is Orleans' and the store's only.
/// </summary>
public static class UnitsBenchmark
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(TextWriter output, int units, int workers)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"diveml-bench-units-{Guid.NewGuid():N}");
        try
        {
            var store = new FileUnitResultStore(folder);
            var tickets = Enumerable.Range(0, units).Select(UnitTicket.Noop).ToArray();
            var clock = Stopwatch.StartNew();
            double? started = null, first = null;
            var outcome = ScaledRun.RunAsync(UnitJson.Sha256($"bench {Guid.NewGuid()}")[..16], tickets, store,
                new ScaleOutOptions { LocalWorkers = workers, StartWorker = (i, target) => ScaledGrid.WorkerProcess(i, target, 1), PollInterval = TimeSpan.FromMilliseconds(20) },
                p =>
                {
                    if (p.Status is not null) started ??= clock.Elapsed.TotalSeconds;
                    if (p.Status?.CompletionCount > 0) first ??= clock.Elapsed.TotalSeconds;
                }).GetAwaiter().GetResult();
            double end = clock.Elapsed.TotalSeconds;
            double perUnit = (end - first!.Value) / Math.Max(1, units - 1);
            output.WriteLine($"machine: {BenchClock.Machine()}");
            output.WriteLine($"{units} trivial units, {workers} worker process{(workers == 1 ? "" : "es")}, file store: {outcome.Computed} stored");
            output.WriteLine($"| step | seconds |");
            output.WriteLine($"| --- | --- |");
            output.WriteLine($"| silo started, plan enqueued | {started:F2} |");
            output.WriteLine($"| first unit stored (workers started and connected) | {first:F2} |");
            output.WriteLine($"| all units stored | {end:F2} |");
            output.WriteLine($"per unit, after start-up: {perUnit * 1000:F2} ms wall ({perUnit * workers * 1000:F2} ms per unit per worker: lease + complete + durable write)");
            return 0;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
