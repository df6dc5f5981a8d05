using DiveML.Extensions.Data;
using DiveML.Extensions.IO;
using DiveML.Extensions.Kaggle;
using DiveML.Extensions.Preprocessing;
using DiveML.Samples.Cli;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Samples.Commands;

/// <summary>
/// <c>dive preprocess</c>: pandas' <c>df.fillna(df.mean(numeric_only=True))</c> then <c>pd.get_dummies(df, dummy_na=True)</c>
/// on a CSV file, written as pandas' <c>to_csv(index=False)</c> would.
/// </summary>
public static class PreprocessCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var data = CliOptions.RequiredText("--data", "IN.csv", "input CSV (read with pandas.read_csv's defaults)");
        var output = CliOptions.RequiredText("--out", "OUT.csv", "output CSV, written atomically (no partial file on error)");
        var exclude = CliOptions.NameList("--exclude", "COL,...", "columns copied through unchanged, in front (e.g. Id,SalePrice)");
        var naRep = CliOptions.NaRep();
        var saveModel = CliOptions.Text("--save-model", "MODEL.zip",
            "also save the fitted preprocessing (an ML.NET model zip): './dive apply' applies it to new files, e.g. a Kaggle test file with the training file's means and categories");
        var command = new DiveCommand("preprocess", "fillna(mean) + get_dummies(dummy_na=True) on a CSV, exactly as pandas 1.5.3.")
        { data, output, exclude, naRep, saveModel };
        command.SetAction(parse => Run(cli, parse.GetValue(data)!, parse.GetValue(output)!, parse.ValueIfGiven(exclude) ?? [], parse.GetValue(naRep)!, parse.GetValue(saveModel)));
        return command;
    }

    private static int Run(CliContext cli, string input, string output, IReadOnlyList<string> exclude, string naRep, string? modelPath)
    {
        OutputPaths.RequireDistinct(OutputPaths.Input("--data", input), OutputPaths.Output("--out", output), OutputPaths.Output("--save-model", modelPath));
        var ml = DiveTempFolder.CreateContext(seed: 0);
        var data = ml.Data.LoadFromCsv(input);
        var plan = PandasPreprocessing.Plan(data.Schema, exclude);
        // The library's warning speaks of its options (AllMissing); the command says it with its own (--exclude).
        var model = plan.CreateEstimator(ml).Fit(data);
        foreach (var fill in model.OfType<FillNaMeanTransformer>())
            foreach (var column in fill.Columns.Where(c => double.IsNaN(fill.Means[c])))
                cli.Error.WriteLine((fill.AllMissingColumns.Contains(column)
                    ? $"warning: column '{column}' of {input} has no values, so it has no mean and stays empty, as in pandas. "
                    : $"warning: column '{column}' of {input} has no finite mean (its values hold both inf and -inf, or their sum overflows), so its empty cells stay empty, as in pandas. ") +
                    (ColumnListArgument.Of([column]) is { } word ? $"Copy it unchanged with --exclude {word}, or remove it from the file." : "Remove it from the file, or correct its values."));
        var transformed = model.Transform(data);
        long rows = PandasCsvWriter.Write(transformed, plan.OutputColumns, output, naRep, plan.IntegerColumns(data.Schema));
        if (modelPath is not null)
        {
            // The output columns and the training file's column types travel inside the zip (DiveML/metadata.json).
            var info = new PreprocessingModelInfo(plan.OutputColumns, data.Schema.Where(c => !c.IsHidden).ToDictionary(c => c.Name, c => KindOf(c.Type)));
            DiveModelFile.Save(ml, model, data.Schema, modelPath, DiveModelMetadata.Create(PreprocessingModelInfo.Kind, info));
        }

        var dummies = model.LastTransformer.OutputFeatureNames.Count;
        int width = plan.Excluded.Count + plan.PassThrough.Count + dummies;
        // A column without values has no mean to fill with (warned of above): counted apart.
        int empty = model.OfType<FillNaMeanTransformer>().Sum(f => f.AllMissingColumns.Count);
        cli.Out.WriteLine($"{input}: {Counted.Of(rows, "row")}; {Counted.Of(plan.Filled.Count - empty, "column")} filled with their mean" +
            $"{(empty > 0 ? $" ({empty} without values left empty)" : "")}, {Counted.Of(plan.Encoded.Count, "text column")} → {Counted.Of(dummies, "dummy", "dummies")}");
        cli.Out.WriteLine($"wrote {output}: {Counted.Of(rows, "row")} × {Counted.Of(width, "column")}");
        if (modelPath is not null) cli.Out.WriteLine($"wrote {modelPath}");
        return ExitCodes.Success;
    }

    private static CsvColumnKind KindOf(DataViewType type)
        => type == NumberDataViewType.Int64 ? CsvColumnKind.Int64
        : type == NumberDataViewType.Double ? CsvColumnKind.Double
        : type == BooleanDataViewType.Instance ? CsvColumnKind.Boolean
        : CsvColumnKind.String;
}
