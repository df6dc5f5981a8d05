using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Data;
using DiveML.Extensions.IO;
using DiveML.Extensions.Kaggle;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Samples.Commands;

/// <summary>
/// <c>dive predict</c>: scores a CSV with a model saved by <c>dive kaggle</c>, in a fresh process. The model file is
/// untrusted input (<see cref="DiveModelFile.LoadAll"/>) and carries its own description; the CSV is checked against the
/// columns and types the model was saved with before anything is scored.
/// </summary>
public static class PredictCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var model = CliOptions.RequiredText("--model", "DIR/model.zip", "model saved by 'dive kaggle' (its description is inside; with --fold-average it holds the fold models)");
        var data = CliOptions.RequiredText("--data", "FILE.csv", "CSV to score, with the training file's columns except the label");
        var output = CliOptions.RequiredText("--out", "PRED.csv", "predictions, written as <id>,<label> (or probabilities, see --submission)");
        var submission = KaggleOptions.SubmissionOption();
        var command = new DiveCommand("predict",
            "Score a CSV with a saved model (model.zip from 'dive kaggle'); writes <id>,<label> or class probabilities.",
            "model.zip holds the id, the label, the classes and the column types the CSV is read with. A run with --fold-average " +
            "saved its fold models in it: their predictions are averaged, as in its submission. Models saved by earlier versions, " +
            "with model.json beside model.zip (or DIR/model.json listing the fold models), are still read.")
        { model, data, output, submission };
        command.SetAction(parse => Run(cli, parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(output)!, KaggleOptions.Format(parse.GetValue(submission)!)));
        return command;
    }

    private static int Run(CliContext cli, string modelPath, string dataPath, string output, SubmissionFormat format)
    {
        OutputPaths.RequireDistinct(OutputPaths.Input("--model", modelPath), OutputPaths.Input("--data", dataPath), OutputPaths.Output("--out", output));
        if (!File.Exists(modelPath) && !Directory.Exists(modelPath))
            throw new FileNotFoundException($"Model '{modelPath}' does not exist. Train one with './dive kaggle ... --out DIR'.", modelPath);
        // The saved network's ONNX session: read as ONNX whatever ML.NET's random temporary file name, one thread per row.
        var ml = OnnxSessions.Configure(DiveTempFolder.CreateContext(seed: 0));
        var (models, schema, info) = Load(ml, modelPath);
        var task = info.TabularTask;
        if (format == SubmissionFormat.Probabilities && task == TabularTask.Regression)
            throw new UsageException("--submission proba applies to classification; this model predicts a number.");
        var id = info.Id ?? throw new InvalidDataException("The model was trained without --id, so predictions cannot be keyed.");
        var classes = info.Classes ?? [];
        if (task != TabularTask.Regression && classes.Count < 2)
            throw new InvalidDataException($"{modelPath} lists no classes; it was written by an earlier version of 'dive kaggle': train the model again.");

        var table = ReadChecked(dataPath, schema, info, id);
        var rows = table.ToDataView();
        RowIds.RequireUnique(Submission.ReadIds(rows, id), table.Lines, dataPath, id);
        var read = new CrossValidationOptions
        {
            Task = task switch { TabularTask.Regression => CrossValidationTask.Regression, TabularTask.Binary => CrossValidationTask.Binary, _ => CrossValidationTask.Multiclass },
            PredictionColumnName = info.PredictionColumn,
        };
        var terms = new Dictionary<string, string> { [info.PredictionColumn] = "the prediction" };
        RowPredictions predictions;
        try
        {
            predictions = RowPredictions.Average(models.Select(m => PredictionReader.Read(m.Transform(rows), read, labelled: false)).ToArray());
        }
        catch (Exception e) when (UserTerms.Translate(e, terms) is var translated && translated != e)
        {
            throw translated;
        }
        FinitePredictions.Require(predictions, rows, id, table.Lines, dataPath, $"{output} was not written");
        int written = Submission.Write(output, id, Submission.ReadIds(rows, id), predictions, info.Label, classes, format);
        cli.Out.WriteLine($"wrote {output} ({Counted.Of(written, "row")}{(models.Count > 1 ? $", mean of {models.Count} fold models" : "")})");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The model(s), the input schema they were saved with, and their description: from inside the file, or for a model
    /// of an earlier version (no description inside) from the <c>model.json</c> beside it.
    /// </summary>
    private static (IReadOnlyList<ITransformer> Models, DataViewSchema Schema, TabularModelInfo Info) Load(MLContext ml, string modelPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        if (Path.GetExtension(modelPath).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            // An earlier 'dive kaggle --fold-average' listed its fold models in DIR/model.json.
            var listing = TabularModelInfo.Load(modelPath);
            var files = listing.FoldModels?.Select(f => Path.Combine(folder, f)).ToArray() ?? [Path.Combine(folder, "model.zip")];
            DataViewSchema? first = null;
            var loaded = files.Select(file =>
            {
                if (!File.Exists(file)) throw new FileNotFoundException($"Model '{file}' (listed in {modelPath}) does not exist.", file);
                var model = DiveModelFile.Load(ml, file, out var schema, out _);
                first ??= schema;
                return model;
            }).ToArray();
            return (loaded, first!, listing);
        }
        var beside = Path.Combine(folder, "model.json");
        bool legacy = File.Exists(beside);
        var models = DiveModelFile.LoadAll(ml, modelPath, out var inputSchema, out var metadata,
            legacy ? null : new DiveModelLoadOptions { RequiredKind = TabularModelInfo.Kind, UsedBy = "dive predict" });
        // Only a model without a description of its own is read with the side file: a description inside always wins.
        var info = metadata is null && legacy
            ? TabularModelInfo.Load(beside) with { FoldModels = null }
            : DiveModelMetadata.RequireKind(metadata, modelPath, TabularModelInfo.Kind, "dive predict").Read(TabularModelInfo.JsonTypeInfo);
        return (models, inputSchema, info);
    }

    /// <summary>
    /// Reads <paramref name="path"/> as the model's training file was read: every column the model reads must be there,
    /// and each value must fit the training file's type for its column (a True/False column with a missing value reads
    /// as Double 1/0/NaN, which the model converts as it converts True/False).
    /// </summary>
    private static CsvTable ReadChecked(string path, DataViewSchema schema, TabularModelInfo info, string id)
    {
        var names = CsvDataFrameLoader.ReadColumnNames(path);
        var required = schema.Where(c => !c.IsHidden).Select(c => c.Name).Append(id).Distinct().ToList();
        var missing = required.Except(names).ToList();
        var trained = info.TrainingFile is { } file ? $"the training file {file}" : "the training file";
        if (missing.Count > 0)
            throw new InvalidDataException($"{path} has no column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))}, " +
                $"which the model reads: it was trained on {trained} and reads its columns but the label '{info.Label}' ({string.Join(", ", required)}). " +
                "Give a file with those columns.");
        var types = required.ToDictionary(n => n, n => info.ColumnTypes.TryGetValue(n, out var kind) ? kind : KindOf(schema.GetColumnOrNull(n)?.Type));
        return CsvDataFrameLoader.LoadTable(path, new CsvLoadOptions { ColumnTypes = types, ColumnTypesSource = trained });
    }

    private static CsvColumnKind KindOf(DataViewType? type)
        => type == NumberDataViewType.Double || type == NumberDataViewType.Single || type == NumberDataViewType.Int64 ? CsvColumnKind.Double
        : type == BooleanDataViewType.Instance ? CsvColumnKind.Boolean
        : CsvColumnKind.String;
}
