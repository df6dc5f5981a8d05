using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Data;
using DiveML.Extensions.Kaggle;
using DiveML.Samples.Cli;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary><c>dive predict</c>: scores a CSV with a model saved by <c>dive kaggle</c>, in a fresh process.</summary>
public static class PredictCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var model = CliOptions.RequiredText("--model", "DIR/model.zip", "model saved by 'dive kaggle' (model.json must be beside it; after --fold-average, pass DIR/model.json)");
        var data = CliOptions.RequiredText("--data", "FILE.csv", "CSV to score, with the training file's columns except the label");
        var output = CliOptions.RequiredText("--out", "PRED.csv", "predictions, written as <id>,<label> (or probabilities, see --submission)");
        var submission = KaggleOptions.SubmissionOption();
        var command = new DiveCommand("predict",
            "Score a CSV with a saved model (model.zip + model.json from 'dive kaggle'); writes <id>,<label> or class probabilities.",
            "Reads DIR/model.json (written beside model.zip) for the id, the label, the classes and the column types. A run with " +
            "--fold-average saved one model per fold instead of model.zip: their predictions are averaged, as in its submission.")
        { model, data, output, submission };
        command.SetAction(parse => Run(cli, parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(output)!, KaggleOptions.Format(parse.GetValue(submission)!)));
        return command;
    }

    private static int Run(CliContext cli, string modelPath, string dataPath, string output, SubmissionFormat format)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var infoPath = Path.Combine(folder, "model.json");
        bool isInfo = Path.GetFileName(modelPath).Equals("model.json", StringComparison.OrdinalIgnoreCase);
        if (!File.Exists(modelPath) && !(isInfo || File.Exists(infoPath) && TabularModelInfo.Load(infoPath).FoldModels is not null))
            throw new FileNotFoundException($"Model '{modelPath}' does not exist. Train one with './dive kaggle ... --out DIR'.", modelPath);
        var info = TabularModelInfo.Load(infoPath);
        var task = info.TabularTask;
        if (format == SubmissionFormat.Probabilities && task == TabularTask.Regression)
            throw new UsageException("--submission proba applies to classification; this model predicts a number.");
        var ml = new MLContext(0);
        var data = CsvDataFrameLoader.LoadTable(dataPath, new CsvLoadOptions { ColumnTypes = info.ColumnTypes }).ToDataView();
        var id = info.Id ?? throw new InvalidDataException("The model was trained without --id, so predictions cannot be keyed.");
        var files = info.FoldModels?.Select(f => Path.Combine(folder, f)).ToArray() ?? [isInfo ? Path.Combine(folder, "model.zip") : modelPath];
        var read = new CrossValidationOptions
        {
            Task = task switch { TabularTask.Regression => CrossValidationTask.Regression, TabularTask.Binary => CrossValidationTask.Binary, _ => CrossValidationTask.Multiclass },
            PredictionColumnName = info.PredictionColumn,
        };
        var predictions = RowPredictions.Average(files.Select(file =>
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"Model '{file}' (listed in {infoPath}) does not exist.", file);
            return PredictionReader.Read(ml.Model.Load(file, out _).Transform(data), read, labelled: false);
        }).ToArray());
        var classes = info.Classes ?? [];
        if (task != TabularTask.Regression && classes.Count < 2)
            throw new InvalidDataException($"{infoPath} lists no classes; it was written by an earlier version of 'dive kaggle': train the model again.");
        int rows = Submission.Write(output, id, Submission.ReadIds(data, id), predictions, info.Label, classes, format);
        cli.Out.WriteLine($"wrote {output} ({rows} rows{(files.Length > 1 ? $", mean of {files.Length} fold models" : "")})");
        return ExitCodes.Success;
    }
}
