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
        var model = CliOptions.RequiredText("--model", "DIR/model.zip", "model saved by 'dive kaggle' (model.json must be beside it)");
        var data = CliOptions.RequiredText("--data", "FILE.csv", "CSV to score, with the training file's columns except the label");
        var output = CliOptions.RequiredText("--out", "PRED.csv", "predictions, written as <id>,<label>");
        var command = new DiveCommand("predict",
            "Score a CSV with a saved model (model.zip + model.json from 'dive kaggle'); writes <id>,<label>.",
            "Reads DIR/model.json (written beside model.zip) for the id, the label name and the column types.")
        { model, data, output };
        command.SetAction(parse => Run(cli, parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(output)!));
        return command;
    }

    private static int Run(CliContext cli, string modelPath, string dataPath, string output)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"Model '{modelPath}' does not exist. Train one with './dive kaggle ... --out DIR'.", modelPath);
        var info = TabularModelInfo.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "model.json"));
        var ml = new MLContext(0);
        var model = ml.Model.Load(modelPath, out _);
        var data = CsvDataFrameLoader.LoadTable(dataPath, new CsvLoadOptions { ColumnTypes = info.ColumnTypes }).ToDataView();
        var id = info.Id ?? throw new InvalidDataException("The model was trained without --id, so predictions cannot be keyed.");
        int rows = Submission.Write(model.Transform(data), id, info.Label, info.PredictionColumn, output);
        cli.Out.WriteLine($"wrote {output} ({rows} rows)");
        return ExitCodes.Success;
    }
}
