using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Kaggle;
using DiveML.Extensions.Scale;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Tests.Extensions.Scale;

/// <summary>Units of work as data: specs round-trip, folds fitted one at a time equal a whole cross-validation, outcomes survive JSON exactly.</summary>
public class UnitsOfWorkTests
{
    private static TabularRunSpec DiabetesRun(int folds = 3) => new()
    {
        TrainPath = RepoPaths.Sklearn("diabetes", "train.csv"), DataHash = DataFiles.Sha256(RepoPaths.Sklearn("diabetes", "train.csv")), Label = "target", Id = "Id",
        Task = TabularTask.Regression, Folds = folds, Seed = 1, Metric = "rmse",
    };

    [Fact]
    public void A_network_spec_rebuilds_every_option_that_changes_a_fit()
    {
        var options = new MlpOptions
        {
            HiddenLayers = [64, 32], Dropout = [0.3, 0.1], Activation = Activation.Tanh, Epochs = 17, BatchSize = 48, LearningRate = 0.003,
            Schedule = LearningRateSchedule.Cosine, Optimizer = OptimizerKind.Adam, WeightDecay = 1e-4, Initialization = Initialization.Kaiming,
            OutputBiasFromLabelMean = true, Shuffle = false, Seed = 9, EnsembleSize = 3, EnsembleMember = 1, Device = TrainingDevice.Cpu,
            FeatureColumnName = "F", LabelColumnName = "L", Threads = 2,
        };
        var json = UnitJson.Write(NetworkSpec.From(options));
        var back = UnitJson.Read<NetworkSpec>(json, "spec").ToOptions();
        Assert.Equal(json, UnitJson.Write(NetworkSpec.From(back)));
        var mlp = Assert.IsType<MlpOptions>(back);
        Assert.Equal([64, 32], mlp.HiddenLayers);
        Assert.Equal([0.3, 0.1], mlp.Dropout);
        Assert.Equal((17, 48, 0.003, 9, 3, 1, 2), (mlp.Epochs, mlp.BatchSize, mlp.LearningRate, mlp.Seed, mlp.EnsembleSize, mlp.EnsembleMember, mlp.Threads));
        var stopping = new LinearRegressionOptions { EarlyStopping = new EarlyStoppingOptions { Patience = 4, MinDelta = 0.01, ValidationFraction = 0.2, Seed = 3 } };
        var stopped = NetworkSpec.From(stopping).ToOptions().EarlyStopping!;
        Assert.Equal((4, 0.01, 0.2, (int?)3), (stopped.Patience, stopped.MinDelta, stopped.ValidationFraction, stopped.Seed));
    }

    /// <summary>
    /// A new trainer option must travel with a unit of work or be named here as not data: otherwise a worker (and the
    /// in-process path, which also goes through the spec) would silently fit with its default.
    /// </summary>
    [Fact]
    public void Every_trainer_option_is_carried_by_the_spec_or_named_as_not_data()
    {
        string[] notData = [nameof(TorchTrainerOptions.InitialWeights), nameof(TorchTrainerOptions.ValidationData), nameof(TorchTrainerOptions.Progress)];
        var carried = typeof(NetworkSpec).GetProperties().Select(p => p.Name).ToHashSet();
        var options = new[] { typeof(MlpOptions), typeof(LinearRegressionOptions), typeof(SoftmaxRegressionOptions), typeof(LogisticRegressionOptions) }
            .SelectMany(t => t.GetProperties()).Where(p => p.CanWrite).Select(p => p.Name).Distinct();
        var missing = options.Where(name => !carried.Contains(name) && !notData.Contains(name)).ToArray();
        Assert.True(missing.Length == 0, $"Not carried by NetworkSpec: {string.Join(", ", missing)}");
    }

    [Fact]
    public void What_is_code_rather_than_data_is_refused_by_name()
    {
        var custom = new CustomNetworkOptions((i, o) => TorchSharp.torch.nn.Linear(i, o));
        Assert.Contains("code, not data", Assert.Throws<NotSupportedException>(() => NetworkSpec.From(custom)).Message);
        var warm = new MlpOptions { InitialWeights = new StateDict([]) };
        Assert.Contains("Initial weights", Assert.Throws<NotSupportedException>(() => NetworkSpec.From(warm)).Message);
    }

    [Fact]
    public void Unit_ids_are_hashes_of_the_work()
    {
        var run = DiabetesRun();
        var candidate = new TabularCandidateSpec("mlp", "mlp", NetworkSpec.From(new MlpOptions { Seed = 1 }));
        var unit = new TabularUnit(run, candidate, 1).ToTicket();
        Assert.True(UnitTicket.IsValidId(unit.Id));
        Assert.Equal(unit, new TabularUnit(run, candidate, 1).ToTicket());
        Assert.NotEqual(unit.Id, new TabularUnit(run, candidate, 2).ToTicket().Id);
        Assert.NotEqual(unit.Id, new TabularUnit(run, candidate with { Network = candidate.Network! with { Seed = 2 } }, 1).ToTicket().Id);
        Assert.NotEqual(unit.Id, new TabularUnit(run with { DataHash = new string('0', 64) }, candidate, 1).ToTicket().Id);
        Assert.Equal("mlp, fold 2/3", unit.Label);
        Assert.Equal(unit.Json, TabularUnit.FromJson(unit.Json).ToTicket().Json);
    }

    [Fact]
    public void Folds_fitted_one_at_a_time_in_any_order_make_the_report_of_a_whole_cross_validation()
    {
        var ml = new MLContext(0);
        var run = DiabetesRun();
        var data = run.Load();
        var train = run.LabelledTrain(ml, data);
        var candidate = new TabularCandidateSpec("mlp", "mlp", NetworkSpec.From(new MlpOptions { HiddenLayers = [8], Epochs = 5, BatchSize = 32, Seed = 4, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, OutputBiasFromLabelMean = true }))
            .ToGridCandidate(ml, data, logTarget: false, seed: 1);
        var options = run.CrossValidationOptions(data);
        var whole = CrossValidator.Run(ml, train, candidate.Featurizer, v => candidate.Trainer(v), options);

        var plan = CrossValidator.Plan(ml, train, options);
        var outcomes = new[] { 2, 0, 1 }.Select(f => CrossValidator.RunFold(new MLContext(0), train, candidate.Featurizer, v => candidate.Trainer(v), options, plan, f))
            .Select(o => FoldOutcomeJson.Read(FoldOutcomeJson.Write(o))) // as a worker sends them back
            .OrderBy(o => o.Result.Fold).ToArray();
        var pieced = CrossValidationReport.FromFolds(options, plan, outcomes);

        var (a, b) = (Strip(ReportWriter.Json(whole)), Strip(ReportWriter.Json(pieced)));
        int at = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i]);
        Assert.True(a == b, $"differ at {at}: {a[Math.Max(0, at - 200)..Math.Min(a.Length, at + 100)]} || {b[Math.Max(0, at - 200)..Math.Min(b.Length, at + 100)]}");
        Assert.Equal(whole.OutOfFold.Predictions.Values, pieced.OutOfFold.Predictions.Values);
        Assert.Equal(whole.OutOfFold.Folds, pieced.OutOfFold.Folds);
        Assert.Equal(whole.Folds[1].History!.Select(h => h with { Seconds = 0 }), pieced.Folds[1].History!.Select(h => h with { Seconds = 0 }));
        Assert.Throws<ArgumentException>(() => CrossValidationReport.FromFolds(options, plan, outcomes.Reverse().ToArray()));
    }

    private static string Strip(string json)
        => Extensions.Distributed.ScaleOutReference.WithoutSeconds(System.Text.Json.Nodes.JsonNode.Parse(json)!).ToJsonString();

    [Fact]
    public void Fold_outcomes_round_trip_exactly_through_json_undefined_metrics_and_classes_included()
    {
        var result = new FoldResult(2, new Dictionary<string, double> { ["auc"] = double.NaN, ["accuracy"] = 0.1 + 0.2 }, new Dictionary<string, double> { ["auc"] = 1 / 3.0, ["accuracy"] = double.Epsilon },
            1.25, [new EpochRecord(1, 0.5, 0.75, null, 0.01, 0.3), new EpochRecord(2, double.MaxValue, -0.0, 0.123456789012345678, 0.02)]) { BestEpoch = 2 };
        var held = RowPredictions.ForBinary([0.25, 0.9], [false, true], [-1.1, 2.2], [false, true]);
        var back = FoldOutcomeJson.Read(FoldOutcomeJson.Write(new FoldOutcome(result, held)));
        Assert.Equal(result.Train.ToArray(), back.Result.Train.ToArray());
        Assert.Equal(result.Valid.ToArray(), back.Result.Valid.ToArray());
        Assert.Equal(result.History, back.Result.History);
        Assert.Equal((2, 1.25, (int?)2), (back.Result.Fold, back.Result.Seconds, back.Result.BestEpoch));
        Assert.Equal(held.Probabilities!.Select(p => p.ToArray()), back.HeldOut.Probabilities!.Select(p => p.ToArray()));
        Assert.Equal(held.Scores, back.HeldOut.Scores);
        Assert.Equal(held.Classes, back.HeldOut.Classes);
        Assert.Equal(held.PredictedClasses, back.HeldOut.PredictedClasses);
    }

    [Fact]
    public void A_stored_result_that_was_cut_short_or_changed_is_detected_never_used()
    {
        var record = ResultRecord.Seal("{\"rmse\":54.25}");
        Assert.Equal("{\"rmse\":54.25}", ResultRecord.Open(record, out var problem));
        Assert.Null(problem);
        Assert.Null(ResultRecord.Open(record[..^3], out problem));
        Assert.Contains("does not match its hash", problem);
        Assert.Null(ResultRecord.Open(record.Replace("54.25", "54.26"), out problem));
        Assert.Contains("does not match its hash", problem);
        Assert.Null(ResultRecord.Open(record[..40], out problem));
        Assert.Contains("does not start with its hash line", problem);
        Assert.Null(ResultRecord.Open("", out problem));
        Assert.Contains("empty", problem);
    }

    [Fact]
    public async Task The_file_store_keeps_the_first_result_of_a_unit_even_when_many_arrive_at_once()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"diveml-store-{Guid.NewGuid():N}");
        var store = new FileUnitResultStore(dir);
        try
        {
            var id = new string('a', 32);
            var wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => store.TryRecordAsync(id, ResultRecord.Seal($"{{\"writer\":{i}}}")))));
            Assert.Single(wins, w => w);
            int winner = Array.IndexOf(wins, true);
            Assert.Equal($"{{\"writer\":{winner}}}", ResultRecord.Open((await store.ReadAsync(id))!, out _));
            Assert.Equal([id], await store.ListAsync());
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "results"), "*.tmp")); // losers leave nothing behind
            await store.DeleteAsync(id);
            Assert.Null(await store.ReadAsync(id));
            await store.DeleteAsync(id); // nothing to delete: no error (--fresh on a first run)
            await new FileUnitResultStore(Path.Combine(dir, "never-written")).DeleteAsync(id);
            Assert.Throws<ArgumentException>(() => store.ReadAsync("../../etc/passwd").GetAwaiter().GetResult());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_worker_refuses_a_data_file_whose_content_is_not_the_runs()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"diveml-hash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "train.csv");
            File.Copy(RepoPaths.Sklearn("diabetes", "train.csv"), path);
            var run = DiabetesRun() with { TrainPath = path };
            File.AppendAllText(path, "999,1,1,1,1,1,1,1,1,1,1,100\n");
            var error = Assert.Throws<InvalidDataException>(() => run.Load());
            Assert.Contains("not the file this run was planned with", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
