using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Distributed;
using DiveML.Extensions.Kaggle;
using DiveML.Extensions.Scale;
using DiveML.Samples.Cli;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary>
/// <c>dive kaggle --workers N | --cluster redis://…</c>: the grid's units (each candidate on each fold) are fitted by
/// worker processes through Orleans (<see cref="ScaledRun"/>), their outcomes are put back together into the reports an
/// in-process run makes, and the best is refitted here. The only class of the command that touches Orleans: it is
/// compiled (and Orleans loaded) only when one of those options is given.
/// </summary>
public static class ScaledGrid
{
    /// <summary>Runs the grid on workers and returns what <see cref="GridSearch.Run"/> would have.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static GridSearchResult Run(CliContext cli, ParseResult parse, ScaleOptions scale, int? torchThreads, MLContext ml, TabularData data, IDataView train,
        CrossValidationOptions cv, TabularGridPlan plan, bool refit, string outDir)
    {
        int workers = parse.ValueIfGiven(scale.Workers) ?? 0;
        var cluster = parse.ValueIfGiven(scale.Cluster) is { } address ? ClusterAddress.Parse(address) : null; // checked at parse time
        // Local workers share this machine's cores: N workers × T threads should not exceed them (--torch-threads sets T).
        int threads = torchThreads ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, workers));
        bool fresh = parse.GetValue(scale.Fresh);
        IUnitResultStore store;
        IDisposable? connection = null;
        if (cluster is null) store = new FileUnitResultStore(Path.Combine(outDir, ".dive-run"));
        else (store, connection) = ScaledRun.OpenClusterStoreAsync(cluster).GetAwaiter().GetResult();
        try
        {
            plan = PinSeeds(plan, store, fresh);
            var units = plan.Units();
            var tickets = units.Select(u => u.ToTicket()).ToArray();
            if (fresh)
                foreach (var ticket in tickets) store.DeleteAsync(ticket.Id).GetAwaiter().GetResult();
            var folds = CrossValidator.Plan(ml, train, cv);
            string metric = plan.Run.Metric;
            var options = new ScaleOutOptions
            {
                LocalWorkers = workers, Cluster = cluster, StartWorker = (index, target) => WorkerProcess(index, target, threads),
            };
            var outcome = cli.WithProgress(tickets.Length, $"0/{tickets.Length} units", scope =>
            {
                var seen = new HashSet<(string Unit, string Worker)>();
                int done = 0;
                return ScaledRun.RunAsync(plan.RunId, tickets, store, options, p =>
                {
                    if (p.Message is { } message) scope.WriteLine(message);
                    foreach (var (unit, result) in p.Completed)
                    {
                        var fold = FoldOutcomeJson.Read(result).Result;
                        scope.WriteLine($"  {unit.Label}: train {metric} {F(fold.Train[metric])}, valid {metric} {F(fold.Valid[metric])}" +
                            (fold.BestEpoch is int best ? $", best epoch {best}" : "") + $" ({fold.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s, {unit.WorkerId})");
                    }
                    if (p.Status is not { } status) return;
                    foreach (var lease in status.Leases.Where(l => seen.Add((l.UnitId, l.WorkerId))))
                        scope.WriteLine($"  {lease.WorkerId} fits {lease.Label}{(lease.Attempt > 1 ? $" (attempt {lease.Attempt}: an earlier worker was lost)" : "")}");
                    done = status.Done;
                    var activity = string.Join("; ", status.Leases.OrderBy(l => l.WorkerId, StringComparer.Ordinal)
                        .Select(l => $"{l.WorkerId} {l.Label}{(l.Note.Length > 0 ? " " + l.Note : "")}"));
                    scope.Report(done, $"{status.Done}/{status.Total} units, {status.Leased} fitting, {status.Pending} pending" + (activity.Length > 0 ? " · " + activity : ""));
                }).GetAwaiter().GetResult();
            });
            var results = tickets.ToDictionary(t => t.Id, t => FoldOutcomeJson.Read(outcome.Results[t.Id]));
            var candidates = plan.Candidates.Select(spec => spec.ToGridCandidate(ml, data, plan.Run.LogTarget, plan.Run.Seed)).ToArray();
            var reports = plan.Reports(candidates, cv, folds, unit => results[unit.ToTicket().Id]);
            foreach (var (candidate, report) in reports)
                cli.Out.WriteLine($"{candidate.Name}: mean valid {report.PrimaryMetric} {F(report.PrimaryValidMean)} ± {F(report.Std["valid"][report.PrimaryMetric])}" +
                    (report.RefitEpochs is int e ? $"; median best epoch {e}" : ""));
            cli.Out.WriteLine($"units: {tickets.Length} in run {plan.RunId}; {outcome.Computed} fitted by workers, {outcome.Reused} reused from {store.Location}" +
                (outcome.Damaged.Count > 0 ? $"; {outcome.Damaged.Count} stored result{(outcome.Damaged.Count == 1 ? " was" : "s were")} damaged and fitted again" : ""));
            return GridSearch.Finish(ml, train, reports, refit);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>
    /// A unit must repeat, so networks without --seed get one drawn once per command and kept in the store: running the
    /// same command again finds the same seed, hence the same units and their stored results (--fresh draws anew).
    /// </summary>
    private static TabularGridPlan PinSeeds(TabularGridPlan plan, IUnitResultStore store, bool fresh)
    {
        if (plan.Candidates.All(c => c.Network is not { Seed: null })) return plan;
        var key = plan.RunId; // the plan without seeds: the command
        int seed;
        if (!fresh && store.LoadPlanAsync(key).GetAwaiter().GetResult() is { } stored && int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out int kept))
        {
            seed = kept;
        }
        else
        {
            seed = Random.Shared.Next();
            store.SavePlanAsync(key, seed.ToString(CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        }
        return plan with { Candidates = plan.Candidates.Select(c => c.Network is { Seed: null } n ? c with { Network = n with { Seed = seed } } : c).ToArray() };
    }

    /// <summary>The command that starts local worker <paramref name="index"/>: this very app, <c>dive worker</c>, tied to this process by its standard input.</summary>
    internal static ProcessStartInfo WorkerProcess(int index, WorkerTarget target, int threads)
    {
        var self = Environment.ProcessPath;
        var start = self is not null && Path.GetFileNameWithoutExtension(self) == "dive"
            ? new ProcessStartInfo(self)
            : new ProcessStartInfo(self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet") { ArgumentList = { typeof(ScaledGrid).Assembly.Location } };
        foreach (var arg in new[] { "worker", "--attached", "--name", $"w{index}", "--torch-threads", threads.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        if (target.Cluster is { } cluster)
        {
            start.ArgumentList.Add("--cluster");
            start.ArgumentList.Add(cluster.ToString());
        }
        else
        {
            foreach (var arg in new[] { "--gateway", target.GatewayPort!.Value.ToString(CultureInfo.InvariantCulture), "--cluster-id", target.LocalClusterId!, "--run", target.RunId! })
                start.ArgumentList.Add(arg);
        }
        // LightGBM's OpenMP and libtorch's own pool: T threads each, so N workers share the cores instead of fighting.
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        // dive runs with server GC (one GC heap and thread per core: faster for one big process). N such workers on one
        // machine fight over the cores at every collection; measured on 2 cores, the house-prices grid with 2 workers:
        // 57.4 s wall and 23 s of system time with server GC, 51.6 s and 13 s with workstation GC.
        start.Environment["DOTNET_gcServer"] = "0";
        start.WorkingDirectory = Environment.CurrentDirectory;
        return start;
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
}
