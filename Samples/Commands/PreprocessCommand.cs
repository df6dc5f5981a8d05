using DiveML.Extensions.Data;
using DiveML.Extensions.Preprocessing;
using DiveML.Samples.Cli;
using DiveML.Transforms;
using Microsoft.ML;

namespace DiveML.Samples.Commands;

/// <summary>
/// <c>dive preprocess</c>: pandas' <c>df.fillna(df.mean(numeric_only=True))</c> then <c>pd.get_dummies(df, dummy_na=True)</c>
/// on a CSV file, written as pandas' <c>to_csv(index=False)</c> would.
/// </summary>
public sealed class PreprocessCommand : ICommand
{
    public string Name => "preprocess";
    public string Summary => "fillna(mean) + get_dummies(dummy_na=True) on a CSV, exactly as pandas 1.5.3.";
    public string Usage => """
        ./dive preprocess --data IN.csv --out OUT.csv [--exclude COL,...] [--na-rep TEXT] [--save-model MODEL.zip]
          --data IN.csv       input CSV (read with pandas.read_csv's defaults)
          --out OUT.csv       output CSV, written atomically (no partial file on error)
          --exclude COL,...   columns copied through unchanged, in front (e.g. Id,SalePrice)
          --na-rep TEXT       text of a value that is still missing (default: empty, as pandas' to_csv)
          --save-model PATH   also save the fitted preprocessing (an ML.NET model zip): apply it to new files with
                              './dive apply', e.g. a Kaggle test file with the means and categories of the training file
        """;

    public int Run(CommandArgs args)
    {
        var input = args.Required("data");
        var output = args.Required("out");
        var exclude = args.List("exclude");
        var naRep = args.String("na-rep", "");
        var modelPath = args.Optional("save-model");
        args.EnsureAllUsed();

        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromCsv(input);
        var plan = PandasPreprocessing.Plan(data.Schema, exclude);
        var model = plan.CreateEstimator(ml, warning => args.Error.WriteLine($"warning: {warning}")).Fit(data);
        var transformed = model.Transform(data);
        long rows = PandasCsvWriter.Write(transformed, plan.OutputColumns, output, naRep, plan.IntegerColumns(data.Schema));
        if (modelPath is not null)
        {
            DiveML.Extensions.IO.DiveModelFile.Save(ml, model, data.Schema, modelPath);
            new PreprocessingModelInfo(plan.OutputColumns, data.Schema.Where(c => !c.IsHidden).ToDictionary(c => c.Name, c => KindOf(c.Type)))
                .Save(PreprocessingModelInfo.PathBeside(modelPath));
        }

        var dummies = model.LastTransformer.OutputFeatureNames.Count;
        int width = plan.Excluded.Count + plan.PassThrough.Count + dummies;
        args.Out.WriteLine($"{input}: {rows} rows; {plan.Filled.Count} columns filled with their mean, {plan.Encoded.Count} text columns → {dummies} dummies");
        args.Out.WriteLine($"wrote {output}: {rows} rows × {width} columns");
        if (modelPath is not null) args.Out.WriteLine($"wrote {modelPath} (+ {Path.GetFileName(PreprocessingModelInfo.PathBeside(modelPath))})");
        return 0;
    }

    private static CsvColumnKind KindOf(Microsoft.ML.Data.DataViewType type)
        => type == Microsoft.ML.Data.NumberDataViewType.Int64 ? CsvColumnKind.Int64
        : type == Microsoft.ML.Data.NumberDataViewType.Double ? CsvColumnKind.Double
        : type == Microsoft.ML.Data.BooleanDataViewType.Instance ? CsvColumnKind.Boolean
        : CsvColumnKind.String;
}
