using System.CommandLine;
using System.Globalization;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Data;
using DiveML.Extensions.IO;
using DiveML.Extensions.Kaggle;
using DiveML.Extensions.Plots;
using DiveML.Extensions.Scale;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary>
/// <c>dive kaggle</c>: d2l 4.10 on any pair of Kaggle CSVs — regression, binary or multiclass; one or several models
/// (DiveML's networks, LightGBM, FastTree, SDCA) cross-validated on the same folds and ranked; K-fold report, curves,
/// out-of-fold predictions, submission and model.
/// </summary>
public static class KaggleCommand
{
    /// <summary>What the command line asks for, once parsed.</summary>
    private sealed record Settings(string TrainPath, string TestPath, string Label, string? Id, TabularTask Task, IReadOnlyList<string> Models,
        string? Metric, IReadOnlyList<string> Drop, bool LogTarget, int Folds, FoldMode Mode, bool Grid, string? OutOfFold, bool FoldAverage,
        SubmissionFormat Submission, string OutDir);

    private const FoldMode DefaultFoldMode = FoldMode.Contiguous; // d2l's get_k_fold_data

    public static DiveCommand Create(CliContext cli)
    {
        var train = CliOptions.RequiredText("--train", "TRAIN.csv", "training CSV, with the label column");
        var test = CliOptions.RequiredText("--test", "TEST.csv", "test CSV: the same columns without the label; submission.csv predicts its rows in order");
        var label = CliOptions.RequiredText("--label", "COL", "the column to predict");
        var id = CliOptions.Text("--id", "COL", CliOptions.WithDefault("the column that identifies each row in submission.csv", "a column named Id or id"));
        var kaggle = new KaggleOptions();
        var trainer = new TrainerOptions(KaggleModels.Defaults);
        var scale = new ScaleOptions();
        var logTarget = CliOptions.Flag("--log-target", "learn log(label) and predict exp(score) (Kaggle scores house prices by log-RMSE); regression only");
        var folds = CliOptions.Int("--folds", "K", "K-fold cross-validation", 5, 2, 1000);
        var foldMode = CliOptions.OptionalEnum<FoldMode>("--fold-mode", CliOptions.WithDefault(
            "how rows are dealt into folds: contiguous blocks (d2l), shuffled, or stratified by class", EnumNames.Of(DefaultFoldMode)));
        var grid = CliOptions.Flag("--grid", "cross-validate a small grid around each network's defaults and keep the best (see below)");
        var outDir = CliOptions.Text("--out", "DIR", "output folder: cv-report.md/.json/.csv, curves.png, models.png, submission.csv, model.zip (its description inside)", Path.Combine("out", "kaggle"));
        var command = new DiveCommand("kaggle", "d2l 4.10 on any train/test CSV pair: K-fold report, model ranking, learning curves, submission.csv, model.zip.",
            """
            Models: networks linear (regression), softmax (multiclass), logistic (binary), mlp (any task); ML.NET's lightgbm,
              fasttree and sdca (any task). --models m1,m2 cross-validates each on the same folds, ranks them by --metric
              with a paired t-test against the best, and makes the submission with the best.
            Defaults (d2l 4.10): linear, Adam lr 5, weight decay 0, batch 64, 100 epochs, torch-default init, 5 contiguous folds.
            mlp defaults: hidden 256, dropout 0.5, Adam lr 0.002, weight decay 0.001, batch 256, 200 epochs, output bias
              started at the mean label, ensemble of 5 networks (--ensemble 1: one network, 5× faster).
            lightgbm: LightGBM's defaults (100 trees, 31 leaves, lr 0.1); fasttree, sdca: ML.NET's defaults.
            --early-stopping P: each network holds out --validation-fraction of its training rows (never the fold being
              scored), stops after P epochs without improvement and keeps its best epoch; the refit trains for the
              median of the folds' best epochs.
            --grid candidates: mlp hidden 256|128 × dropout 0.5|0.2 × lr 0.001|0.002 (8; add --ensemble 1 for a quick grid);
              linear lr 1|5|10 × weight decay 0|0.001 (6); softmax and logistic lr 0.01|0.1 × weight decay 0|0.001 (4).
            --workers N / --cluster redis://HOST:PORT: each candidate on each fold is a unit of work fitted by a worker
              process; the report is the same as in this process. Results are stored under --out (.dive-run) or in
              Redis: running the same command again resumes, --fresh starts over (docs/scale-out.md).
            """)
        { train, test, label, id };
        kaggle.AddTo(command, trainer, logTarget);
        trainer.AddTo(command, kaggle.TypedModels);
        foreach (var option in new Option[] { logTarget, folds, foldMode, grid, outDir }) command.Options.Add(option);
        scale.AddTo(command);
        command.SetAction(parse =>
        {
            var typed = parse.GetResult(kaggle.Models) is { Implicit: false } ? parse.GetValue(kaggle.Models) ?? []
                : parse.GetResult(kaggle.Model) is { Implicit: false } ? [parse.GetValue(kaggle.Model)!] : [];
            return Run(cli, parse, trainer, scale, new Settings(parse.GetValue(train)!, parse.GetValue(test)!, parse.GetValue(label)!,
                parse.GetValue(id), KaggleOptions.ParseTask(parse.GetValue(kaggle.Task)!), typed,
                parse.GetResult(kaggle.Metric) is { Implicit: false } ? parse.GetValue(kaggle.Metric) : null, parse.ValueIfGiven(kaggle.Drop) ?? [],
                parse.GetValue(logTarget), parse.GetValue(folds), parse.GetValue(foldMode) ?? DefaultFoldMode, parse.GetValue(grid),
                parse.GetResult(kaggle.OutOfFold) is { Implicit: false } ? parse.GetValue(kaggle.OutOfFold) : null, parse.GetValue(kaggle.FoldAverage),
                KaggleOptions.Format(parse.GetValue(kaggle.Submission)!), parse.GetValue(outDir)!));
        });
        return command;
    }

    /// <summary>The files a run writes in --out.</summary>
    private static readonly string[] OutputFiles = ["cv-report.md", "cv-report.json", "cv-report.csv", "curves.png", "models.png", "submission.csv", "model.zip"];

    private static int Run(CliContext cli, ParseResult parse, TrainerOptions trainer, ScaleOptions scale, Settings run)
    {
        // Files that collide are refused before anything is read: an output would replace an input or another output.
        OutputPaths.RequireDistinct([OutputPaths.Input("--train", run.TrainPath), OutputPaths.Input("--test", run.TestPath),
            OutputPaths.Output("--oof", run.OutOfFold), .. OutputFiles.Select(f => OutputPaths.OutputIn("--out", run.OutDir, f))]);
        if (File.Exists(run.OutDir)) throw new UsageException($"--out {run.OutDir} is a file; give a folder (it is created when missing).");
        var ml = DiveTempFolder.CreateContext(0);
        // Kaggle files name their id column "Id" or "id": take it when --id is not given, as the submission needs one.
        var id = run.Id ?? CsvDataFrameLoader.ReadColumnNames(run.TrainPath).FirstOrDefault(n => n.Equals("id", StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException("--id is required: submission.csv needs the column that identifies each test row.");
        // Loading libtorch takes about 0.15 s: a network run loads it on another core while the files are read and the
        // first fold is featurized (IsAvailable never throws; the first fit reports a failure as usual).
        if (run.Models.Count == 0 || run.Models.Any(KaggleModels.IsNetwork)) _ = Task.Run(() => TorchRuntime.IsAvailable);
        var data = TabularData.Load(run.TrainPath, run.TestPath, run.Label, id, run.Task, run.Drop);
        var task = data.Task;
        // The checks an explicit --task gets at parse time, now that an auto task is known; still before any training.
        var models = run.Models.Count > 0 ? run.Models : [KaggleModels.DefaultModel(task)];
        var problems = KaggleOptions.Problems(task, run.Metric, models, run.Submission == SubmissionFormat.Probabilities, run.LogTarget).ToList();
        if (problems.Count > 0) throw new UsageException(string.Join(" ", problems));
        var networkOptions = trainer.NetworkOnly.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (!models.Any(KaggleModels.IsNetwork) && networkOptions.Count > 0)
            throw new UsageException($"{string.Join(", ", networkOptions)} appl{(networkOptions.Count == 1 ? "ies" : "y")} to the networks; " +
                $"the {KaggleModels.Name(task)} default model {string.Join(",", models)} is not one: add --models with a network.");
        var metric = run.Metric ?? CrossValidationMetrics.DefaultMetric(data.CrossValidationTask);
        if (metric == "log_rmse") data.RequirePositiveLabel("The metric log_rmse", "Use --metric rmse or mae.");
        if (run.LogTarget) data.RequirePositiveLabel("--log-target", "Run without --log-target.");
        int seed = parse.ValueIfGiven(trainer.Seed) ?? 0;

        var labels = TabularPipeline.PrepareLabels(ml, data, run.LogTarget);
        var train = labels.Transform(data.Train);
        // Candidates as data (TabularCandidateSpec): built into pipelines here, or sent to workers as units of work.
        var specs = new List<(TabularCandidateSpec Spec, string Description, int Units)>();
        KaggleProgress? progress = null;
        foreach (var model in models)
        {
            if (!KaggleModels.IsNetwork(model))
            {
                specs.Add((new TabularCandidateSpec(model, model, null), $"{model} (ML.NET, seed {seed}){(run.LogTarget ? ", log target" : "")}", 1));
                continue;
            }
            var options = KaggleModels.CreateOptions(trainer, parse, model, task);
            var settings = run.Grid ? KaggleModels.Grid(model, options, task != TabularTask.Regression) : [(model, options)];
            foreach (var (name, o) in settings)
                specs.Add((new TabularCandidateSpec(name, model, NetworkSpec.From(o)), Describe(model, o, run.LogTarget), o.Epochs));
        }
        bool scaled = scale.ScalesOut(parse);
        if (scaled && run.FoldAverage)
            throw new UsageException("--fold-average needs the fold models, which stay with the workers: drop --fold-average (the refit on all rows makes the submission) or run without --workers/--cluster.");
        var candidates = specs.Select(s => (Candidate: s.Spec.ToGridCandidate(ml, data, run.LogTarget, seed, record => progress?.Epoch(record)), s.Description, s.Units)).ToList();
        progress = new KaggleProgress(candidates.Select(c => c.Units).ToArray(), run.Folds, refit: !run.FoldAverage);
        var cv = TabularPipeline.CrossValidationOptions(data);
        cv.Folds = run.Folds;
        cv.Mode = run.Mode;
        cv.Seed = seed;
        cv.PrimaryMetric = metric;
        cv.KeepFoldModels = run.FoldAverage;
        cv.Progress = f => progress!.FoldDone(f.History?.Count ?? 0, $"  fold {f.Fold}: train {metric} {F(f.Train[metric])}, valid {metric} {F(f.Valid[metric])}" +
            (f.BestEpoch is int best ? $", best epoch {best}" : "") + $" ({f.Seconds:F1} s)");

        cli.Out.WriteLine($"{run.TrainPath}: {KaggleModels.Name(task)} of '{run.Label}'{Classes(data)} from {data.NumericFeatures.Count + data.BooleanFeatures.Count} numeric and " +
            $"{data.TextFeatures.Count} text features{(data.Dropped.Count > 0 ? $" (dropped: {string.Join(", ", data.Dropped)})" : "")}; " +
            $"{run.Folds}-fold {run.Mode.ToString().ToLowerInvariant()}; metric {metric}");
        foreach (var (column, value, line) in data.NumbersReadAsText())
            cli.Error.WriteLine($"warning: column '{column}' of {run.TrainPath} holds numbers but is read as text (as pandas reads it) because of values such as " +
                $"'{value}' (line {line}), so each distinct value becomes a feature of its own. If '{value}' marks a missing value, leave those cells empty instead.");
        foreach (var (candidate, description, _) in candidates.DistinctBy(c => c.Description))
            if (!run.Grid || candidates.Count == 1) cli.Out.WriteLine($"{candidate.Name}: {description}");
        // The pipeline's own columns, as the user knows them, for a library message that still names one.
        var terms = new Dictionary<string, string>
        {
            [data.Columns.Label] = $"the label '{run.Label}'", [data.Columns.Target] = $"the label '{run.Label}'",
            [data.Columns.Features] = "the features", [data.Columns.Prediction] = "the prediction",
        };
        if (!scaled) cv.ParallelFolds = scale.FoldsAtOnce(parse, models.All(KaggleModels.IsNetwork), run.Folds, parse.ValueIfGiven(trainer.TorchThreads));
        GridSearchResult result;
        try
        {
            result = scaled
                ? ScaledGrid.Run(cli, parse, scale, parse.ValueIfGiven(trainer.TorchThreads), ml, data, train, cv,
                    new TabularGridPlan(RunSpec(run, data, seed, metric), specs.Select(s => s.Spec).ToArray()), refit: !run.FoldAverage, run.OutDir)
                : cli.WithProgress(progress.Total, progress.Status, scope =>
                {
                    progress.Start(scope);
                    return GridSearch.Run(ml, train, candidates.Select(c => c.Candidate).ToArray(), cv, (c, r) =>
                        progress.CandidateDone($"{c.Name}: mean valid {r.PrimaryMetric} {F(r.PrimaryValidMean)} ± {F(r.Std["valid"][r.PrimaryMetric])}" +
                            (r.RefitEpochs is int e ? $"; median best epoch {e}" : "")), refit: !run.FoldAverage);
                });
        }
        catch (Exception e) when (UserTerms.Translate(e, terms) is var translated && translated != e)
        {
            throw translated;
        }
        var (best, report) = result.Ranked[0];
        // model.zip and the plots need the fitted models and the reports only: serialised and rendered in memory on other
        // cores while the test rows are predicted (measured in docs/benchmarks.md), written with the other outputs.
        var serialized = Task.Run(() => SerializeModel(ml, run, data, result));
        var plots = Task.Run(() => RenderPlots(run, data, result));
        string Description(GridCandidate c) => candidates.First(x => x.Candidate.Name == c.Name).Description;
        var test = data.Test!;
        RowPredictions predictions;
        try
        {
            if (result.Ranked.Count > 1)
            {
                cli.Out.WriteLine($"best: {best.Name}");
                foreach (var s in result.Comparison.Skip(1))
                    cli.Out.WriteLine($"  {s.Name}: {metric} {F(s.Mean)} ({Signed(s.VersusBest!.MeanDifference)} vs best; paired t-test p {P(s.VersusBest.P)}, corrected p {P(s.VersusBest.CorrectedP)})");
            }

            // The submission: the best refitted on every training row, or the mean of its fold models; test rows in file order.
            try
            {
                predictions = run.FoldAverage ? report.PredictWithFoldModels(test) : PredictionReader.Read(result.BestModel!.Transform(test), cv, labelled: false);
            }
            catch (Exception e) when (UserTerms.Translate(e, terms) is var translated && translated != e)
            {
                throw translated;
            }
            if (result.RefitEpochs is int epochs) cli.Out.WriteLine($"refit on all rows for {epochs} epochs (the median of the folds' best epochs)");
            // The outputs are one unit: a prediction that is not a number stops the run before anything is written, so --out
            // keeps the previous run's files as they were rather than a new report beside no (or half a) submission.
            const string nothing = "nothing was written (--out is as it was)";
            FinitePredictions.Require(predictions, test, data.Id!, data.TestLines, run.TestPath, nothing);
            if (run.OutOfFold is not null)
                FinitePredictions.Require(report.OutOfFold.Predictions, data.Train, data.Id!, data.TrainLines, run.TrainPath, $"{nothing}; these are out-of-fold predictions of --oof");
        }
        catch
        {
            // The model and the plots are still being made: they finish before the failure is reported, so no work of
            // this run outlives it (ML.NET writes temporary files while it saves a model; they are removed at exit).
            foreach (Task pending in new Task[] { serialized, plots })
                pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            throw;
        }

        // A model that cannot be serialised stops the run here too, before anything is written.
        var (modelPath, modelBytes, modelLine) = serialized.GetAwaiter().GetResult();
        var rendered = plots.GetAwaiter().GetResult();

        Directory.CreateDirectory(run.OutDir);
        WriteReports(cli, run, data, result, Description);
        foreach (var (path, png) in rendered)
        {
            AtomicFile.WriteAllBytes(path, png);
            cli.Out.WriteLine($"wrote {path}");
        }
        var submission = Path.Combine(run.OutDir, "submission.csv");
        int rows = Submission.Write(submission, data.Id!, Submission.ReadIds(test, data.Id!), predictions, run.Label, data.Classes, run.Submission);
        cli.Out.WriteLine($"wrote {submission} ({Counted.Of(rows, "row")}{(run.FoldAverage ? ", mean of the fold models" : "")})");
        if (run.OutOfFold is { } oofPath)
        {
            var oof = report.OutOfFold;
            Submission.Write(oofPath, data.Id!, data.TrainIds(), oof.Predictions, run.Label, data.Classes, run.Submission, oof.Folds);
            cli.Out.WriteLine($"wrote {oofPath} ({oof.Predictions.Count} out-of-fold rows)");
        }
        AtomicFile.WriteAllBytes(modelPath, modelBytes);
        cli.Out.WriteLine(modelLine);
        return ExitCodes.Success;
    }

    /// <summary>The run as data, for workers: the training file by absolute path and content hash, and how it is read and folded.</summary>
    private static TabularRunSpec RunSpec(Settings run, TabularData data, int seed, string metric) => new()
    {
        TrainPath = Path.GetFullPath(run.TrainPath), DataHash = DataFiles.Sha256(run.TrainPath), Label = run.Label, Id = data.Id, Task = data.Task,
        Drop = run.Drop, LogTarget = run.LogTarget, Folds = run.Folds, Mode = run.Mode, Seed = seed, Metric = metric,
    };

    private static void WriteReports(CliContext cli, Settings run, TabularData data, GridSearchResult result, Func<GridCandidate, string> describe)
    {
        var (best, report) = result.Ranked[0];
        var file = Path.GetFileName(run.TrainPath);
        var markdown = ReportWriter.Markdown(report, $"{file} — {best.Name}: {describe(best)}");
        if (result.Ranked.Count > 1)
        {
            markdown += "\n" + ReportWriter.ComparisonMarkdown(result.Comparison, $"{file} — models");
            // One section per model: each model's best candidate (all of them without --grid).
            foreach (var (candidate, other) in result.Ranked.Skip(1).Where(r => !run.Grid || result.Ranked.First(x => Family(x.Candidate) == Family(r.Candidate)).Candidate == r.Candidate))
                markdown += "\n" + ReportWriter.Markdown(other, $"{file} — {candidate.Name}: {describe(candidate)}");
        }
        if (run.Grid)
            markdown += "\n### Grid\n\n| rank | candidate | mean valid " + report.PrimaryMetric + " | std |\n| --- | --- | --- | --- |\n" +
                string.Concat(result.Ranked.Select((r, i) => $"| {i + 1} | {r.Candidate.Name} | {F(r.Report.PrimaryValidMean)} | {F(r.Report.Std["valid"][r.Report.PrimaryMetric])} |\n"));
        Write(cli, Path.Combine(run.OutDir, "cv-report.md"), markdown);
        Write(cli, Path.Combine(run.OutDir, "cv-report.json"), ReportWriter.Json(report, result.Comparison));
        Write(cli, Path.Combine(run.OutDir, "cv-report.csv"), ReportWriter.Csv(report));
    }

    /// <summary>curves.png and, when models were compared, models.png: paths and PNG bytes, not yet written.</summary>
    private static List<(string Path, byte[] Png)> RenderPlots(Settings run, TabularData data, GridSearchResult result)
    {
        var plots = new List<(string, byte[])>();
        var file = Path.GetFileName(run.TrainPath);
        // Curves of the best model, or of the best network when an ML.NET trainer (no epochs) won.
        var (curvesOf, curvesReport) = result.Ranked.FirstOrDefault(r => r.Report.Folds.All(f => f.History is { Count: > 0 }));
        if (curvesOf is not null)
        {
            bool classification = data.Task != TabularTask.Regression;
            plots.Add((Path.Combine(run.OutDir, "curves.png"), LearningCurvePlot.Render(curvesReport.Folds.Select(f => f.History!).ToArray(),
                classification ? "accuracy" : (run.LogTarget ? "RMSE of log(label)" : "RMSE"), $"{file}: {curvesOf.Name}{(run.LogTarget ? ", log target" : "")}",
                includeLoss: classification)));
        }
        if (result.Ranked.Count > 1)
            plots.Add((Path.Combine(run.OutDir, "models.png"), FoldScoresPlot.Render(result.Comparison, $"{file}: valid {result.Ranked[0].Report.PrimaryMetric} per fold")));
        return plots;
    }

    /// <summary>
    /// model.zip: the refit, or the fold models when the submission is their mean, with the description <c>dive
    /// predict</c> needs (id, label, task, classes, column types) inside the same file, written at once — no side file
    /// that a later run could leave mismatched. Its input schema is the training file's columns but the label. Returns
    /// the path, the file's bytes and the line that says what was written.
    /// </summary>
    private static (string Path, byte[] Bytes, string Line) SerializeModel(MLContext ml, Settings run, TabularData data, GridSearchResult result)
    {
        var types = data.ColumnTypes.Where(kv => kv.Key != run.Label && !data.Dropped.Contains(kv.Key)).ToDictionary();
        var info = new TabularModelInfo(data.Id, run.Label, KaggleModels.Name(data.Task), data.Columns.Prediction, types,
            data.Task == TabularTask.Regression ? null : data.Classes, TrainingFile: Path.GetFileName(run.TrainPath));
        var metadata = DiveModelMetadata.Create(TabularModelInfo.Kind, info, TabularModelInfo.JsonTypeInfo);
        var modelPath = Path.Combine(run.OutDir, "model.zip");
        if (run.FoldAverage)
        {
            var folds = result.Ranked[0].Report.Folds;
            return (modelPath, DiveModelFile.SerializeAll(ml, folds.Select(f => f.Model!).ToArray(), data.InputSchema, metadata),
                $"wrote {modelPath} (the {folds.Count} fold models, whose mean predicts)");
        }
        return (modelPath, DiveModelFile.Serialize(ml, result.BestModel!, data.InputSchema, metadata), $"wrote {modelPath}");
    }

    private static string Family(GridCandidate candidate) => candidate.Name.Split(' ')[0];

    private static string Classes(TabularData data) => data.Task switch
    {
        TabularTask.Binary => $" (positive class {data.Classes[1]}, negative {data.Classes[0]})",
        TabularTask.Multiclass => $" ({data.Classes.Count} classes)",
        _ => "",
    };

    private static string Describe(string model, TorchTrainerOptions o, bool logTarget) => $"{model} ({TrainerOptions.Describe(o)}{(logTarget ? ", log target" : "")})";

    private static string F(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string Signed(double value) => (value >= 0 ? "+" : "") + F(value);

    private static string P(double value) => !double.IsFinite(value) ? "n/a" : value < 0.0001 ? "< 0.0001" : value.ToString("F4", CultureInfo.InvariantCulture);

    private static void Write(CliContext cli, string path, string text)
    {
        // Atomic: a kill leaves the previous report or the new one, never an empty one; a planted link is replaced.
        AtomicFile.WriteAllText(path, text);
        cli.Out.WriteLine($"wrote {path}");
    }
}
