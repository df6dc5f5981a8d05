using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DiveML.Extensions.Distributed;
using DiveML.Extensions.Scale;
using DiveML.Samples.Cli;
using DiveML.Trainers;

namespace DiveML.Samples.Commands;

/// <summary>
/// <c>dive worker --cluster redis://HOST:PORT</c>: fits units of work (folds, grid candidates) for every <c>dive</c>
/// run announced in the cluster, on this machine, until stopped. Also what <c>--workers N</c> starts locally (with
/// hidden options naming the run). A worker only connects out (to Redis and the drivers' gateways) and reads the
/// runs' data files at the paths the runs give.
/// </summary>
public static class WorkerCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var cluster = CliOptions.Text("--cluster", "redis://HOST:PORT", "the cluster's Redis (the same address the drivers were given)");
        var threads = CliOptions.OptionalInt("--torch-threads", "T", CliOptions.WithDefault("libtorch threads of this worker's fits (small networks use 1)", "all cores"), 1, 1024);
        var name = CliOptions.Text("--name", "NAME", CliOptions.WithDefault("this worker's name in the drivers' progress", "HOST:PID"));
        var lease = CliOptions.Int("--lease", "SECONDS", "how long a unit stays this worker's without a heartbeat: if the worker dies, its unit restarts elsewhere after this", 10, 1, 3600);
        // Set by a driver that starts workers itself (--workers N); not for people.
        var gateway = CliOptions.OptionalInt("--gateway", "PORT", "the local driver's gateway port", 1, 65535);
        gateway.Hidden = true;
        var clusterId = CliOptions.Text("--cluster-id", "ID", "the local driver's cluster id");
        clusterId.Hidden = true;
        var run = CliOptions.Text("--run", "RUN", "the local driver's run");
        run.Hidden = true;
        var attached = CliOptions.Flag("--attached", "leave when standard input closes (the driver that started this worker is gone)");
        attached.Hidden = true;
        var command = new DiveCommand("worker", "Fit folds and grid candidates for dive runs on a cluster (dive kaggle --cluster), until stopped.",
            """
            Start one worker per machine (or per GPU: CUDA_VISIBLE_DEVICES=K dive worker ...), each with the same --cluster as
            the drivers. Workers need the runs' training files at the same paths (copy them, or use a shared folder); a
            file whose content differs from the run's is refused. Stop a worker with Ctrl+C or SIGTERM: its unit goes back
            to the run at once; a killed worker's unit goes back after --lease seconds. docs/scale-out.md has the set-up.
            """)
        { cluster, threads, name, lease, gateway, clusterId, run, attached };
        command.Validators.Add(result =>
        {
            bool local = TrainerOptions.Given(result, gateway);
            if (!local && !TrainerOptions.Given(result, cluster))
                result.AddError("--cluster is required: the Redis address of the cluster to work for, e.g. --cluster redis://10.0.0.5:6379.");
            if (TrainerOptions.Token(result, cluster) is { } address)
            {
                try
                {
                    ClusterAddress.Parse(address);
                }
                catch (ArgumentException e)
                {
                    result.AddError(e.Message);
                }
            }
            if (local && (!TrainerOptions.Given(result, clusterId) || !TrainerOptions.Given(result, run)))
                result.AddError("--gateway needs --cluster-id and --run (a driver gives all three).");
        });
        command.SetAction(parse => Run(cli, parse.ValueIfGiven(cluster), parse.ValueIfGiven(threads), parse.ValueIfGiven(name), parse.GetValue(lease),
            parse.ValueIfGiven(gateway), parse.ValueIfGiven(clusterId), parse.ValueIfGiven(run), parse.GetValue(attached)));
        return command;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Run(CliContext cli, string? clusterText, int? threads, string? name, int leaseSeconds, int? gateway, string? clusterId, string? runId, bool attached)
    {
        var cluster = clusterText is null ? null : ClusterAddress.Parse(clusterText); // checked at parse time
        if (threads is int t) TorchRuntime.SetThreads(t);
        var target = gateway is int port
            ? new WorkerTarget { GatewayPort = port, LocalClusterId = clusterId, RunId = runId }
            : new WorkerTarget { Cluster = cluster };
        var options = new LeaseWorkerOptions
        {
            WorkerId = name ?? $"{Environment.MachineName}:{Environment.ProcessId}",
            LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
            ExitWhenFinished = gateway is not null,
        };
        using var stop = new CancellationTokenSource();
        // SIGTERM and Ctrl+C stop gracefully (the unit in hand goes back at once); a worker a driver started also leaves
        // when the driver's end of its standard input closes, even if the driver was killed.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        if (attached)
        {
            _ = Task.Run(async () =>
            {
                await Console.In.ReadToEndAsync().ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                Environment.Exit(ExitCodes.Failure); // a fit that did not reach its next epoch in time
            });
        }
        int completed = WorkerHost.RunAsync(target, options, UnitExecutor.Execute, line => cli.Error.WriteLine(line), stop.Token).GetAwaiter().GetResult();
        cli.Error.WriteLine($"worker {options.WorkerId}: {completed} unit{(completed == 1 ? "" : "s")} fitted");
        return ExitCodes.Success;
    }
}
