using DiveML.Extensions.Data;
using Microsoft.ML;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// A Kaggle-style pair of CSV files loaded consistently: the training file decides each column's type (numbers are
/// read as Double everywhere, so a column with missing values only in the test file keeps its type), the test file must
/// have the same columns minus the label, and the id and label are checked up front.
/// </summary>
public sealed class TabularData
{
    private TabularData(IDataView train, IDataView? test, string label, string? id, IReadOnlyDictionary<string, CsvColumnKind> types,
        IReadOnlyList<string> numericFeatures, IReadOnlyList<string> booleanFeatures, IReadOnlyList<string> textFeatures, TabularTask task)
    {
        Train = train;
        Test = test;
        Label = label;
        Id = id;
        ColumnTypes = types;
        NumericFeatures = numericFeatures;
        BooleanFeatures = booleanFeatures;
        TextFeatures = textFeatures;
        Task = task;
    }

    /// <summary>The training rows, typed as <see cref="ColumnTypes"/> says.</summary>
    public IDataView Train { get; }
    /// <summary>The test rows (no label), read with the training file's types; null when no test file was given.</summary>
    public IDataView? Test { get; }
    /// <summary>The label column's name.</summary>
    public string Label { get; }
    /// <summary>The id column's name (never a feature), or null.</summary>
    public string? Id { get; }
    /// <summary>The forced type of every column (label included): pass it to <see cref="CsvLoadOptions.ColumnTypes"/> to read new files the same way.</summary>
    public IReadOnlyDictionary<string, CsvColumnKind> ColumnTypes { get; }
    /// <summary>Feature columns read as numbers (Double), in file order.</summary>
    public IReadOnlyList<string> NumericFeatures { get; }
    /// <summary>Feature columns read as True/False, in file order.</summary>
    public IReadOnlyList<string> BooleanFeatures { get; }
    /// <summary>Feature columns read as text (one-hot encoded by the pipeline), in file order.</summary>
    public IReadOnlyList<string> TextFeatures { get; }
    /// <summary>The resolved task (never Auto).</summary>
    public TabularTask Task { get; }

    /// <summary>Loads a training file and an optional test file with consistent column types.</summary>
    /// <param name="trainPath">The training CSV (with the label).</param>
    /// <param name="testPath">The test CSV (the training columns minus the label), or null.</param>
    /// <param name="label">The label column.</param>
    /// <param name="id">The id column, or null.</param>
    /// <param name="task">The task, or <see cref="TabularTask.Auto"/> to decide from the label.</param>
    public static TabularData Load(string trainPath, string? testPath, string label, string? id, TabularTask task)
    {
        var inferred = CsvDataFrameLoader.LoadTable(trainPath);
        var names = inferred.Names;
        if (!names.Contains(label))
            throw new ArgumentException($"{trainPath} has no label column '{label}'. Its columns are: {string.Join(", ", names)}.");
        if (id is not null && !names.Contains(id))
            throw new ArgumentException($"{trainPath} has no id column '{id}'. Its columns are: {string.Join(", ", names)}.");
        var types = new Dictionary<string, CsvColumnKind>(StringComparer.Ordinal);
        for (int c = 0; c < names.Count; c++)
            types[names[c]] = inferred.Kinds[c] == CsvColumnKind.Int64 ? CsvColumnKind.Double : inferred.Kinds[c];
        if (id is not null) types[id] = CsvColumnKind.String; // ids are copied to the submission verbatim
        var labelKind = inferred.Kinds[names.ToList().IndexOf(label)];
        var resolved = task != TabularTask.Auto ? task : AutoTask(inferred, label, labelKind);
        if (resolved == TabularTask.Regression && labelKind is not (CsvColumnKind.Int64 or CsvColumnKind.Double))
            throw new ArgumentException($"Label '{label}' is {labelKind}; regression needs a numeric label. Use --task classification.");
        if (resolved == TabularTask.Classification) types[label] = CsvColumnKind.String; // class values as text: key values keep them

        var train = CsvDataFrameLoader.LoadTable(trainPath, new CsvLoadOptions { ColumnTypes = types }).ToDataView();
        IDataView? test = null;
        if (testPath is not null)
        {
            var testNames = CsvDataFrameLoader.ReadColumnNames(testPath);
            var expected = names.Where(n => n != label).ToList();
            var missing = expected.Except(testNames).ToList();
            var extra = testNames.Except(names).ToList();
            if (testNames.Contains(label)) extra.Add(label + " (the label)");
            if (missing.Count > 0 || extra.Count > 0)
                throw new ArgumentException($"{testPath} must have the training columns minus the label '{label}'." +
                    (missing.Count > 0 ? $" Missing: {string.Join(", ", missing)}." : "") + (extra.Count > 0 ? $" Unexpected: {string.Join(", ", extra)}." : ""));
            test = CsvDataFrameLoader.LoadTable(testPath, new CsvLoadOptions { ColumnTypes = types.Where(kv => kv.Key != label).ToDictionary() }).ToDataView();
        }
        var features = names.Where(n => n != label && n != id).ToList();
        return new TabularData(train, test, label, id, types,
            features.Where(f => types[f] == CsvColumnKind.Double).ToArray(),
            features.Where(f => types[f] == CsvColumnKind.Boolean).ToArray(),
            features.Where(f => types[f] == CsvColumnKind.String).ToArray(),
            resolved);
    }

    private static TabularTask AutoTask(CsvTable table, string label, CsvColumnKind kind)
    {
        if (kind is CsvColumnKind.String or CsvColumnKind.Boolean) return TabularTask.Classification;
        var values = DiveML.Extensions.CrossValidation.CrossValidationMetrics.ReadDoubles(table.ToDataView(), label);
        return kind == CsvColumnKind.Int64 && values.Distinct().Count() <= 10 ? TabularTask.Classification : TabularTask.Regression;
    }
}
