using DiveML.Extensions.Data;
using DiveML.Extensions.Kaggle;
using DiveML.Samples.Cli;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary><c>dive predict</c>: scores a CSV with a model saved by <c>dive kaggle</c>, in a fresh process.</summary>
public sealed class PredictCommand : ICommand
{
    public string Name => "predict";
    public string Summary => "Score a CSV with a saved model (model.zip + model.json from 'dive kaggle'); writes <id>,<label>.";
    public string Usage => """
        ./dive predict --model DIR/model.zip --data FILE.csv --out PRED.csv
          reads DIR/model.json (written beside model.zip) for the id, the label name and the column types
        """;

    public int Run(CommandArgs args)
    {
        var modelPath = args.Required("model");
        var dataPath = args.Required("data");
        var output = args.Required("out");
        args.EnsureAllUsed();
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"Model '{modelPath}' does not exist. Train one with './dive kaggle ... --out DIR'.", modelPath);
        var info = TabularModelInfo.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "model.json"));
        var ml = new MLContext(0);
        var model = ml.Model.Load(modelPath, out _);
        var data = CsvDataFrameLoader.LoadTable(dataPath, new CsvLoadOptions { ColumnTypes = info.ColumnTypes }).ToDataView();
        var id = info.Id ?? throw new InvalidDataException("The model was trained without --id, so predictions cannot be keyed.");
        int rows = Submission.Write(model.Transform(data), id, info.Label, info.PredictionColumn, output);
        args.Out.WriteLine($"wrote {output} ({rows} rows)");
        return 0;
    }
}
