using DiveML.Extensions.Data;
using DiveML.Extensions.IO;
using DiveML.Extensions.Preprocessing;
using DiveML.Samples.Cli;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary><c>dive apply</c>: applies a preprocessing model saved by <c>dive preprocess --save-model</c> to a new CSV.</summary>
public static class ApplyCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var model = CliOptions.RequiredText("--model", "MODEL.zip", "preprocessing model saved by 'dive preprocess --save-model'");
        var data = CliOptions.RequiredText("--data", "IN.csv", "CSV to transform");
        var output = CliOptions.RequiredText("--out", "OUT.csv", "output CSV");
        var naRep = CliOptions.NaRep();
        var command = new DiveCommand("apply",
            "Apply a saved preprocessing model (dive preprocess --save-model) to another CSV, e.g. the test file.",
            "The means and categories are the ones learned from the training file; unseen categories become all zeros.")
        { model, data, output, naRep };
        command.SetAction(parse => Run(cli, parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(output)!, parse.GetValue(naRep)!));
        return command;
    }

    private static int Run(CliContext cli, string modelPath, string input, string output, string naRep)
    {
        OutputPaths.RequireDistinct(OutputPaths.Input("--model", modelPath), OutputPaths.Input("--data", input), OutputPaths.Output("--out", output));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"Model '{modelPath}' does not exist. Save one with './dive preprocess ... --save-model {modelPath}'.", modelPath);
        // The model file is untrusted: bounded, checked, loaded with temporary files in a private folder.
        // A model saved by an older 'dive preprocess' has no description inside but MODEL.json beside it.
        var beside = PreprocessingModelInfo.PathBeside(modelPath);
        bool legacy = File.Exists(beside);
        var ml = DiveTempFolder.CreateContext(seed: 0);
        var model = DiveModelFile.Load(ml, modelPath, out _, out var metadata,
            legacy ? null : new DiveModelLoadOptions { RequiredKind = PreprocessingModelInfo.Kind, UsedBy = "dive apply" });
        var info = metadata is null && legacy
            ? PreprocessingModelInfo.Load(beside)
            : DiveModelMetadata.RequireKind(metadata, modelPath, PreprocessingModelInfo.Kind, "dive apply").Read<PreprocessingModelInfo>();
        var names = CsvDataFrameLoader.ReadColumnNames(input);
        // Float and text columns are read with the training file's types (the model's transforms are typed). Integer
        // columns are inferred again, as pandas does: a new file with missing values there reads them as float64, and
        // the model (whose fill step accepts any numeric type) fills them with the training mean.
        var types = info.ColumnTypes.Where(kv => names.Contains(kv.Key) && kv.Value is CsvColumnKind.Double or CsvColumnKind.String).ToDictionary();
        // A value that does not fit is explained by the file the model was fitted on, not by the loader's options.
        var table = CsvDataFrameLoader.LoadTable(input, new CsvLoadOptions { ColumnTypes = types, ColumnTypesSource = $"the file {modelPath} was fitted on" });
        // Columns that hold only integers in this file are written as integers, as pandas writes its int64 columns.
        var integers = table.Names.Where((_, c) => table.Kinds[c] == CsvColumnKind.Int64).ToArray();
        var data = table.ToDataView();
        RequireReadColumns(model, data, info.ColumnTypes.Keys.Where(c => !names.Contains(c)).ToList(), input, info);
        var transformed = model.Transform(data);
        var columns = info.OutputColumns.Where(c => transformed.Schema.GetColumnOrNull(c) is not null).ToArray();
        var skipped = info.OutputColumns.Except(columns).ToArray();
        long rows = PandasCsvWriter.Write(transformed, columns, output, naRep, integers);
        cli.Out.WriteLine($"wrote {output}: {Counted.Of(rows, "row")}{(skipped.Length > 0 ? $" (not in {input}, so not written: {string.Join(", ", skipped)})" : "")}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// A column of the training file that the new file lacks is fine when the model only passed it through (an excluded
    /// column) and an error in the user's terms when the model fills or encodes it. The saved chain of built-ins does not
    /// list what it reads, so the model itself is asked, through the schema it would produce.
    /// </summary>
    private static void RequireReadColumns(ITransformer model, IDataView data, IReadOnlyList<string> absent, string input, PreprocessingModelInfo info)
    {
        if (absent.Count == 0) return;
        string? missing = null;
        try
        {
            model.GetOutputSchema(data.Schema);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException
            && (missing = absent.FirstOrDefault(c => e.Message.Contains($"Column {c} ", StringComparison.Ordinal) || e.Message.Contains($"'{c}'", StringComparison.Ordinal))) is not null)
        {
            throw new InvalidDataException($"{input} has no column '{missing}', which the model fills or encodes: it was fitted on a file with the columns " +
                $"{string.Join(", ", info.ColumnTypes.Keys)}. Give a file with that column.", e);
        }
    }
}
