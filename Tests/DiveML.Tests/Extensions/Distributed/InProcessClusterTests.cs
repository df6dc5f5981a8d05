using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Distributed;
using DiveML.Extensions.Kaggle;
using DiveML.Extensions.Scale;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace DiveML.Tests.Extensions.Distributed;

/// <summary>
/// Three silos in this process, each with a worker (a hosted service fitting units outside grain turns), a small real
/// grid; the silo holding a lease is killed mid-run. Every unit must be recorded exactly once and the report must equal
/// the one an in-process grid search makes.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public class InProcessClusterTests
{
    private static (TabularGridPlan Plan, TabularData Data) Grid()
    {
        var path = RepoPaths.Sklearn("diabetes", "train.csv");
        var run = new TabularRunSpec
        {
            TrainPath = path, DataHash = DataFiles.Sha256(path), Label = "target", Id = "Id", Task = TabularTask.Regression, Folds = 3, Seed = 2, Metric = "rmse",
        };
        NetworkSpec Mlp(int hidden) => NetworkSpec.From(new MlpOptions
        {
            HiddenLayers = [hidden], Dropout = [0.2], Epochs = 200, BatchSize = 16, LearningRate = 0.002, Optimizer = OptimizerKind.Adam, Seed = 5,
            OutputBiasFromLabelMean = true, Initialization = Initialization.TorchDefault,
        });
        var candidates = new[]
        {
            new TabularCandidateSpec("mlp hidden=32", "mlp", Mlp(32)),
            new TabularCandidateSpec("mlp hidden=16", "mlp", Mlp(16)),
            new TabularCandidateSpec("lightgbm", "lightgbm", null),
        };
        return (new TabularGridPlan(run, candidates), run.Load());
    }

    [Fact]
    public async Task Killing_the_silo_that_holds_a_lease_loses_nothing_and_the_report_equals_the_in_process_one()
    {
        var (plan, data) = Grid();
        var tickets = plan.Units().Select(u => u.ToTicket()).ToArray();
        var store = new MemoryUnitResultStore(); // one instance for every silo: it outlives the killed one, as Redis would
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IUnitResultStore>(store);
            silo.Services.Configure<CoordinatorOptions>(o => o.SweepInterval = TimeSpan.FromMilliseconds(200));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
        });
        builder.ConfigureSiloHost((options, host) =>
        {
            // Leases of 60 s: a unit can only come back early because its silo was declared dead.
            host.Services.AddSingleton(sp => new LeaseWorkerService(sp.GetRequiredService<IGrainFactory>(), plan.RunId, new LeaseWorkerOptions
            {
                WorkerId = options.SiloName, WorkerSilo = sp.GetRequiredService<ILocalSiloDetails>().SiloAddress, LeaseDuration = TimeSpan.FromSeconds(60),
                IdlePoll = TimeSpan.FromMilliseconds(50), AbandonOnStop = false,
            }, UnitExecutor.Execute, sp.GetRequiredService<ILogger<LeaseWorkerService>>()));
            host.Services.AddHostedService(sp => sp.GetRequiredService<LeaseWorkerService>());
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        // Read each silo's worker now: a killed silo's services are disposed.
        var workers = cluster.Silos.ToDictionary(s => s.SiloAddress, s => s.ServiceProvider.GetRequiredService<LeaseWorkerService>());
        var coordinator = cluster.Client.GetGrain<ICoordinatorGrain>(plan.RunId);
        await coordinator.Enqueue(tickets.Select(WorkItem.From).ToArray(), seal: true);

        // Kill a silo other than the coordinator's while its worker holds a lease.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        InProcessSiloHandle? victim = null;
        RunStatus status;
        while (victim is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no worker outside the coordinator's silo took a lease within 60 s");
            status = await coordinator.Status(0);
            Assert.False(status.Finished, "the run finished before a silo could be killed: make the units longer");
            victim = cluster.Silos.FirstOrDefault(s => s.SiloAddress.ToParsableString() != status.HostSilo && status.Leases.Any(l => l.WorkerId == s.Name));
            if (victim is null) await Task.Delay(50);
        }
        var victimWorker = workers[victim.SiloAddress];
        await cluster.KillSiloAsync(victim);

        do
        {
            Assert.True(DateTime.UtcNow < deadline + TimeSpan.FromSeconds(60), "the run did not finish within 2 minutes");
            await Task.Delay(100);
            status = await coordinator.Status(0);
        } while (!status.Finished);

        Assert.Empty(status.Failures);
        Assert.Equal(tickets.Length, status.Done);
        Assert.True(status.RequeuedDeadSilo >= 1, $"the killed silo's lease should have come back because the silo was declared dead (requeued: {status.RequeuedDeadSilo} dead, {status.RequeuedExpired} expired)");
        // Exactly once: one stored record per unit, every unit offered once, every accepted result counted once.
        Assert.Equal(tickets.Select(t => t.Id).Order(), (await store.ListAsync()).Order());
        Assert.All(tickets, t => Assert.Equal(1, store.Writes[t.Id]));
        Assert.Equal(tickets.Length, status.CompletionCount);
        Assert.Equal(tickets.Length, workers.Values.Sum(w => w.Worker!.Completed));
        Assert.Equal(0, victimWorker.Worker!.Completed - status.Completions.Count(c => c.WorkerId == victim.Name));

        // The report from the units equals the in-process grid search's, every number but timings.
        var ml = new MLContext(0);
        var train = plan.Run.LabelledTrain(ml, data);
        var cv = plan.Run.CrossValidationOptions(data);
        var candidates = plan.Candidates.Select(c => c.ToGridCandidate(ml, data, plan.Run.LogTarget, plan.Run.Seed)).ToArray();
        var outcomes = new Dictionary<string, FoldOutcome>();
        foreach (var ticket in tickets)
            outcomes[ticket.Id] = FoldOutcomeJson.Read(ResultRecord.Open((await store.ReadAsync(ticket.Id))!, out _)!);
        var scaled = GridSearch.Finish(ml, train, plan.Reports(candidates, cv, CrossValidator.Plan(ml, train, cv), u => outcomes[u.ToTicket().Id]), refit: false);
        var inProcess = GridSearch.Run(ml, train, candidates, cv, refit: false);
        ScaleOutReference.AssertSameReport(
            ScaleOutReference.WithoutSeconds(System.Text.Json.Nodes.JsonNode.Parse(ReportWriter.Json(inProcess.Ranked[0].Report, inProcess.Comparison))!),
            ScaleOutReference.WithoutSeconds(System.Text.Json.Nodes.JsonNode.Parse(ReportWriter.Json(scaled.Ranked[0].Report, scaled.Comparison))!));
    }
}
