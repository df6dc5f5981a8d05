using System.CommandLine;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Data;
using DiveML.Extensions.IO;
using DiveML.Extensions.Kaggle;
using DiveML.Extensions.Plots;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary><c>dive kaggle</c>: d2l 4.10 on any pair of Kaggle CSVs — K-fold report, curves, submission and model.</summary>
public static class KaggleCommand
{
    /// <summary>What the command line asks for, once parsed.</summary>
    private sealed record Settings(string TrainPath, string TestPath, string Label, string? Id, TabularTask Task, string? Model,
        bool LogTarget, int Folds, FoldMode Mode, bool Grid, string OutDir);

    private const TabularTask DefaultTask = TabularTask.Auto;
    private const FoldMode DefaultFoldMode = FoldMode.Contiguous; // d2l's get_k_fold_data

    public static DiveCommand Create(CliContext cli)
    {
        var train = CliOptions.RequiredText("--train", "TRAIN.csv", "training CSV, with the label column");
        var test = CliOptions.RequiredText("--test", "TEST.csv", "test CSV: the same columns without the label; submission.csv predicts its rows in order");
        var label = CliOptions.RequiredText("--label", "COL", "the column to predict");
        var id = CliOptions.Text("--id", "COL", CliOptions.WithDefault("the column that identifies each row in submission.csv", "a column named Id or id"));
        var task = CliOptions.OptionalEnum<TabularTask>("--task", CliOptions.WithDefault(
            "what to predict; auto: classification for a text or True/False label, or an integer one with at most 10 values", EnumNames.Of(DefaultTask)));
        var model = CliOptions.Choice("--model", CliOptions.WithDefault("the network", "linear for regression, softmax for classification"), ["linear", "softmax", "mlp"]);
        var trainer = new TrainerOptions(KaggleModels.Defaults);
        var logTarget = CliOptions.Flag("--log-target", "learn log(label) and predict exp(score) (Kaggle scores house prices by log-RMSE); regression only");
        var folds = CliOptions.Int("--folds", "K", "K-fold cross-validation", 5, 2, 1000);
        var foldMode = CliOptions.OptionalEnum<FoldMode>("--fold-mode", CliOptions.WithDefault(
            "how rows are dealt into folds: contiguous blocks (d2l), shuffled, or stratified by class", EnumNames.Of(DefaultFoldMode)));
        var grid = CliOptions.Flag("--grid", "cross-validate a small grid around the model's defaults and keep the best (see below)");
        var outDir = CliOptions.Text("--out", "DIR", "output folder: cv-report.md/.json/.csv, curves.png, submission.csv, model.zip + model.json", Path.Combine("out", "kaggle"));
        var command = new DiveCommand("kaggle", "d2l 4.10 on any train/test CSV pair: K-fold report, learning curves, submission.csv, model.zip.",
            """
            Defaults (d2l 4.10): linear, Adam lr 5, weight decay 0, batch 64, 100 epochs, torch-default init, 5 contiguous folds.
            mlp defaults: hidden 256, dropout 0.5, Adam lr 0.002, weight decay 0.001, batch 256, 200 epochs, output bias
              started at the mean label, ensemble of 5 networks (--ensemble 1: one network, 5× faster).
            --grid candidates: mlp hidden 256|128 × dropout 0.5|0.2 × lr 0.001|0.002 (8; add --ensemble 1 for a quick grid);
              linear lr 1|5|10 × weight decay 0|0.001 (6); softmax lr 0.01|0.1 × weight decay 0|0.001 (4).
            """)
        { train, test, label, id, task, model };
        trainer.AddTo(command, model, modelDefault: null);
        foreach (var option in new Option[] { logTarget, folds, foldMode, grid, outDir }) command.Options.Add(option);
        command.SetAction(parse => Run(cli, parse, trainer, new Settings(parse.GetValue(train)!, parse.GetValue(test)!, parse.GetValue(label)!,
            parse.GetValue(id), parse.GetValue(task) ?? DefaultTask, parse.GetValue(model), parse.GetValue(logTarget), parse.GetValue(folds),
            parse.GetValue(foldMode) ?? DefaultFoldMode, parse.GetValue(grid), parse.GetValue(outDir)!)));
        return command;
    }

    private static int Run(CliContext cli, ParseResult parse, TrainerOptions trainer, Settings run)
    {
        var ml = new MLContext(0);
        // Kaggle files name their id column "Id" or "id": take it when --id is not given, as the submission needs one.
        var id = run.Id ?? CsvDataFrameLoader.ReadColumnNames(run.TrainPath).FirstOrDefault(n => n.Equals("id", StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException("--id is required: submission.csv needs the column that identifies each test row.");
        var data = TabularData.Load(run.TrainPath, run.TestPath, run.Label, id, run.Task);
        bool classification = data.Task == TabularTask.Classification;
        if (run.LogTarget && classification) throw new UsageException("--log-target applies to regression only.");
        var model = run.Model ?? (classification ? "softmax" : "linear");
        var options = trainer.Create(parse, model, classification, KaggleModels.ApplyDefaults);
        Directory.CreateDirectory(run.OutDir);

        var labels = TabularPipeline.PrepareLabels(ml, data, run.LogTarget);
        var train = labels.Transform(data.Train);
        string primary = classification ? "accuracy" : "log_rmse";
        string Primary(IReadOnlyDictionary<string, double> m) => $"{primary} {m[primary]:F4}";
        var candidates = run.Grid ? KaggleModels.Grid(model, options, classification) : [(Describe(model, options, run.LogTarget), options)];
        var progress = new KaggleProgress(candidates.Count, run.Folds, options.Epochs);
        foreach (var (_, candidate) in candidates) candidate.Progress = progress.Epoch;
        var cv = new CrossValidationOptions
        {
            Task = classification ? CrossValidationTask.Classification : CrossValidationTask.Regression,
            Folds = run.Folds,
            Mode = run.Mode,
            Seed = options.Seed ?? 0,
            LabelColumnName = classification ? "Label" : TabularPipeline.TargetColumn,
            PredictionColumnName = TabularPipeline.PredictionColumn,
            PrimaryMetric = primary,
            Progress = f => progress.FoldDone($"  fold {f.Fold}: train {Primary(f.Train)}, valid {Primary(f.Valid)} ({f.Seconds:F1} s)"),
        };

        cli.Out.WriteLine($"{run.TrainPath}: {data.Task.ToString().ToLowerInvariant()} of '{run.Label}' from {data.NumericFeatures.Count + data.BooleanFeatures.Count} numeric and {data.TextFeatures.Count} text features; {run.Folds}-fold {run.Mode.ToString().ToLowerInvariant()}");
        // Each fold's featurized held-out rows become the trainer's validation data: curves.png shows them per epoch.
        GridCandidate Candidate((string Name, TorchTrainerOptions Options) c) => new(c.Name, TabularPipeline.Featurizer(ml, data),
            valid => TabularPipeline.Head(ml, data, KaggleModels.Trainer(ml, KaggleModels.WithValidation(c.Options, valid), classification), run.LogTarget));
        var pipelines = candidates.Select(Candidate).ToArray();
        var result = cli.WithProgress(progress.Total, progress.Status, scope =>
        {
            progress.Start(scope);
            return GridSearch.Run(ml, train, pipelines, cv, (c, r) =>
                progress.CandidateDone($"{c.Name}: mean valid {r.PrimaryMetric} {r.PrimaryValidMean:F4} ± {r.Std["valid"][r.PrimaryMetric]:F4}"));
        });
        var (best, report) = result.Ranked[0];
        if (run.Grid) cli.Out.WriteLine($"best: {best.Name}");

        var markdown = ReportWriter.Markdown(report, $"{Path.GetFileName(run.TrainPath)} — {best.Name}");
        if (run.Grid)
            markdown += "\n### Grid\n\n| rank | candidate | mean valid " + report.PrimaryMetric + " | std |\n| --- | --- | --- | --- |\n" +
                string.Concat(result.Ranked.Select((r, i) => $"| {i + 1} | {r.Candidate.Name} | {r.Report.PrimaryValidMean:F4} | {r.Report.Std["valid"][r.Report.PrimaryMetric]:F4} |\n"));
        Write(cli, Path.Combine(run.OutDir, "cv-report.md"), markdown);
        Write(cli, Path.Combine(run.OutDir, "cv-report.json"), ReportWriter.Json(report));
        Write(cli, Path.Combine(run.OutDir, "cv-report.csv"), ReportWriter.Csv(report));
        var histories = report.Folds.Where(f => f.History is not null).Select(f => f.History!).ToArray();
        if (histories.Length > 0)
        {
            var curves = Path.Combine(run.OutDir, "curves.png");
            LearningCurvePlot.Save(histories, classification ? "accuracy" : (run.LogTarget ? "RMSE of log(label)" : "RMSE"), curves,
                $"{Path.GetFileName(run.TrainPath)}: {model}{(run.LogTarget ? ", log target" : "")}", includeLoss: classification);
            cli.Out.WriteLine($"wrote {curves}");
        }

        // Refit on every training row (GridSearch did), then predict the test file in its order.
        var test = data.Test!;
        var scored = result.BestModel.Transform(test);
        var submission = Path.Combine(run.OutDir, "submission.csv");
        int rows = Submission.Write(scored, data.Id!, run.Label, TabularPipeline.PredictionColumn, submission);
        cli.Out.WriteLine($"wrote {submission} ({rows} rows)");
        var modelPath = Path.Combine(run.OutDir, "model.zip");
        DiveModelFile.Save(ml, result.BestModel, test.Schema, modelPath);
        new TabularModelInfo(data.Id, run.Label, data.Task.ToString().ToLowerInvariant(), TabularPipeline.PredictionColumn,
            data.ColumnTypes.Where(kv => kv.Key != run.Label).ToDictionary()).Save(Path.Combine(run.OutDir, "model.json"));
        cli.Out.WriteLine($"wrote {modelPath} (+ model.json)");
        return ExitCodes.Success;
    }

    private static string Describe(string model, TorchTrainerOptions o, bool logTarget) => $"{model} ({TrainerOptions.Describe(o)}{(logTarget ? ", log target" : "")})";

    private static void Write(CliContext cli, string path, string text)
    {
        File.WriteAllText(path, text);
        cli.Out.WriteLine($"wrote {path}");
    }
}
