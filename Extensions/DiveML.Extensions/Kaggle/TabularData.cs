using System.Globalization;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Data;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// A Kaggle-style pair of CSV files loaded consistently: the training file decides each column's type (numbers are
/// read as Double everywhere, so a column with missing values only in the test file keeps its type), the test file must
/// have the same columns minus the label (and minus any dropped column), and the id, label and dropped columns are
/// checked up front. The id and dropped columns are never features.
/// </summary>
/// <remarks>
/// Everything a run would otherwise discover inside a fold — in the pipeline's own terms, at a row number within the
/// fold — is refused here, before any training, naming the file, its line and the user's column: a header without
/// rows, a missing or infinite label, a label with one class, an infinite feature value, a test value that does not
/// fit the training file's type, a repeated or empty test id. The columns the pipeline adds are named so that they
/// never shadow a column of the files (<see cref="Columns"/>).
/// </remarks>
public sealed class TabularData
{
    private TabularData(string trainPath, string? testPath, CsvTable trainTable, IDataView train, CsvTable? testTable, string label, string? id,
        IReadOnlyDictionary<string, CsvColumnKind> types, IReadOnlyList<string> numericFeatures, IReadOnlyList<string> booleanFeatures,
        IReadOnlyList<string> textFeatures, TabularTask task, IReadOnlyList<string> classes, IReadOnlyList<string> dropped, TabularColumns columns)
    {
        TrainPath = trainPath;
        TestPath = testPath;
        Train = train;
        TrainLines = trainTable.Lines;
        Test = testTable?.ToDataView();
        TestLines = testTable?.Lines ?? [];
        Label = label;
        Id = id;
        ColumnTypes = types;
        NumericFeatures = numericFeatures;
        BooleanFeatures = booleanFeatures;
        TextFeatures = textFeatures;
        Task = task;
        Classes = classes;
        Dropped = dropped;
        Columns = columns;
        var schema = new DataViewSchema.Builder();
        foreach (var column in train.Schema)
            if (!column.IsHidden && column.Name != label && !dropped.Contains(column.Name)) schema.AddColumn(column.Name, column.Type);
        InputSchema = schema.ToSchema();
    }

    /// <summary>The training file.</summary>
    public string TrainPath { get; }
    /// <summary>The test file, or null.</summary>
    public string? TestPath { get; }
    /// <summary>The training rows, typed as <see cref="ColumnTypes"/> says.</summary>
    public IDataView Train { get; }
    /// <summary>The 1-based line of the training file each training row starts on (for messages about a row).</summary>
    public IReadOnlyList<int> TrainLines { get; }
    /// <summary>
    /// The test rows (no label), read with the training file's types; null when no test file was given. A True/False
    /// column with a missing value here reads as Double 1/0/NaN (an ML.NET Boolean cannot be missing), which the
    /// pipeline converts as it converts True/False.
    /// </summary>
    public IDataView? Test { get; }
    /// <summary>The 1-based line of the test file each test row starts on; empty without a test file.</summary>
    public IReadOnlyList<int> TestLines { get; }
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
    /// <summary>
    /// Classification: the label's values as written in the file. Binary: [negative, positive], the positive class being
    /// the larger number (or True, or the later text in ordinal order). Multiclass: in order of first occurrence, which
    /// is the label key's order and the order of the class probabilities. Empty for regression.
    /// </summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Columns left out of the features on request, in the order given.</summary>
    public IReadOnlyList<string> Dropped { get; }
    /// <summary>The names of the columns the pipeline adds, none of them a column of the files.</summary>
    public TabularColumns Columns { get; }
    /// <summary>
    /// The columns a file to score must have, typed as the training file has them: every training column but the label
    /// and the dropped ones. Save models with it, so a later reader can check a file against it.
    /// </summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The cross-validation task of <see cref="Task"/>.</summary>
    public CrossValidationTask CrossValidationTask => Task switch
    {
        TabularTask.Regression => CrossValidation.CrossValidationTask.Regression,
        TabularTask.Binary => CrossValidation.CrossValidationTask.Binary,
        _ => CrossValidation.CrossValidationTask.Multiclass,
    };

    /// <summary>Loads a training file and an optional test file with consistent column types.</summary>
    /// <param name="trainPath">The training CSV (with the label).</param>
    /// <param name="testPath">The test CSV (the training columns minus the label), or null.</param>
    /// <param name="label">The label column.</param>
    /// <param name="id">The id column, or null.</param>
    /// <param name="task">The task, or <see cref="TabularTask.Auto"/> to decide from the label.</param>
    /// <param name="drop">Columns never to use as features (e.g. a Name or Ticket column); each must be a column of the training or the test file (a test column the training file lacks is refused unless dropped). Default none.</param>
    /// <exception cref="ArgumentException">A column named does not exist, or the task does not fit the label.</exception>
    /// <exception cref="InvalidDataException">A file breaks one of the rules above; the message names the file, line and column.</exception>
    /// <exception cref="CsvFormatException">A file cannot be read as CSV, has no rows, or a test value does not fit the training file's type.</exception>
    public static TabularData Load(string trainPath, string? testPath, string label, string? id, TabularTask task, IReadOnlyList<string>? drop = null)
    {
        // A training file of only a header is almost always a wrong path: named as such, not as "0 classes" or "0 folds".
        var inferred = CsvDataFrameLoader.LoadTable(trainPath, new CsvLoadOptions { RequireDataRows = true });
        var names = inferred.Names;
        if (!names.Contains(label))
            throw new ArgumentException($"{trainPath} has no label column '{label}'. Its columns are: {string.Join(", ", names)}.");
        if (id is not null && !names.Contains(id))
            throw new ArgumentException($"{trainPath} has no id column '{id}'. Its columns are: {string.Join(", ", names)}.");
        if (id == label)
            throw new ArgumentException($"Column '{label}' cannot be both the label and the id.");
        var dropped = (drop ?? []).Distinct().ToArray();
        // A dropped column may be one of the test file only (a column the training file lacks is never a feature anyway).
        IReadOnlyList<string> testNames = testPath is null ? [] : CsvDataFrameLoader.ReadColumnNames(testPath);
        foreach (var column in dropped)
        {
            if (!names.Contains(column) && !testNames.Contains(column))
                throw new ArgumentException($"Cannot drop column '{column}': {trainPath} has no such column{(testPath is null ? "" : $", nor has {testPath}")}. " +
                    $"Its columns are: {string.Join(", ", names)}.{(testNames.Except(names).Any() ? $" The test file's own: {string.Join(", ", testNames.Except(names))}." : "")}");
            if (column == label)
                throw new ArgumentException($"Cannot drop column '{column}': it is the label.");
        }
        var types = new Dictionary<string, CsvColumnKind>(StringComparer.Ordinal);
        for (int c = 0; c < names.Count; c++)
            types[names[c]] = inferred.Kinds[c] == CsvColumnKind.Int64 ? CsvColumnKind.Double : inferred.Kinds[c];
        if (id is not null) types[id] = CsvColumnKind.String; // ids are copied to the submission verbatim
        var labelKind = inferred.Kinds[names.ToList().IndexOf(label)];
        var values = DistinctLabels(inferred, label, labelKind);
        var resolved = task != TabularTask.Auto ? task : AutoTask(labelKind, values.Count);
        if (resolved == TabularTask.Regression && labelKind is not (CsvColumnKind.Int64 or CsvColumnKind.Double))
            throw new ArgumentException($"Label '{label}' of {trainPath} is {Describe(labelKind)}, and regression predicts a number. " +
                "Predict it as classes instead (task binary or multiclass).");
        if (resolved != TabularTask.Regression && values.Count < 2)
            throw new InvalidDataException($"Label '{label}' of {trainPath} has {(values.Count == 0 ? "no values" : $"one value only ('{values[0]}')")}: " +
                "a classifier needs at least two classes to tell apart. Check the label column, or add rows of the other classes.");
        if (resolved == TabularTask.Binary && values.Count != 2)
            throw new ArgumentException($"Label '{label}' has {values.Count} distinct values in {trainPath}; a binary task needs exactly 2. Use a multiclass task.");
        if (resolved != TabularTask.Regression) types[label] = CsvColumnKind.String; // class values as text: key values keep them

        var trainTable = CsvDataFrameLoader.LoadTable(trainPath, new CsvLoadOptions { ColumnTypes = types, RequireDataRows = true });
        var train = trainTable.ToDataView();
        RequireLabels(train, trainPath, trainTable.Lines, label, resolved);
        var features = names.Where(n => n != label && n != id && !dropped.Contains(n)).ToList();
        var numeric = features.Where(f => types[f] == CsvColumnKind.Double).ToArray();
        var empty = RequireFiniteFeatures(train, trainPath, trainTable.Lines, numeric);
        var classes = resolved == TabularTask.Regression ? [] : ClassOrder(train, label, resolved, labelKind);
        if (resolved == TabularTask.Binary && classes.Count != 2)
            throw new ArgumentException($"Label '{label}' writes its two values in {classes.Count} ways ({string.Join(", ", classes)}); write each class the same way throughout {trainPath}.");
        CsvTable? testTable = null;
        if (testPath is not null)
        {
            // A dropped column is not needed for prediction, so the test file may lack it, or have it alone.
            var expected = names.Where(n => n != label && !dropped.Contains(n)).ToList();
            var missing = expected.Except(testNames).ToList();
            var extra = testNames.Except(names).Except(dropped).ToList();
            var unexpected = testNames.Contains(label) ? [.. extra, label + " (the label)"] : extra;
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new ArgumentException($"{testPath} must have the training columns minus the label '{label}'." +
                    (missing.Count > 0 ? $" Missing: {string.Join(", ", missing)}." : "") + (unexpected.Count > 0 ? $" Unexpected: {string.Join(", ", unexpected)}." : "") +
                    (ColumnListArgument.Of(extra) is { } list ? $" To leave {(extra.Count == 1 ? "it" : "them")} out, name {(extra.Count == 1 ? "it" : "them")} among the dropped columns (--drop {list})." : ""));
            testTable = CsvDataFrameLoader.LoadTable(testPath, new CsvLoadOptions
            {
                ColumnTypes = types.Where(kv => kv.Key != label && (kv.Key == id || !dropped.Contains(kv.Key)) && testNames.Contains(kv.Key)).ToDictionary(), // a dropped column is never read; the id always is
                ColumnTypesSource = $"the training file {trainPath}",
                EmptyInSource = empty,
                RequireDataRows = true, // a submission predicts the test rows: none is a wrong path
            });
            if (id is not null) RowIds.RequireUnique(Submission.ReadIds(testTable.ToDataView(), id), testTable.Lines, testPath, id);
        }
        return new TabularData(trainPath, testPath, trainTable, train, testTable, label, id, types, numeric,
            features.Where(f => types[f] == CsvColumnKind.Boolean).ToArray(),
            features.Where(f => types[f] == CsvColumnKind.String).ToArray(),
            resolved, classes, dropped, TabularColumns.Avoiding(names.Concat(testNames)));
    }

    /// <summary>
    /// Refuses a label with a value ≤ 0 where its log is taken (log_rmse, a log target), naming the file, the column, the
    /// smallest value and its line, before anything is trained.
    /// </summary>
    /// <param name="reason">What takes the log, e.g. "the metric log_rmse".</param>
    /// <param name="remedy">What to do instead, e.g. "Use rmse or mae."</param>
    public void RequirePositiveLabel(string reason, string remedy)
    {
        if (Task != TabularTask.Regression) return;
        var values = CrossValidationMetrics.ReadDoubles(Train, Label);
        int worst = -1;
        for (int i = 0; i < values.Count; i++)
            if (!double.IsNaN(values[i]) && (worst < 0 || values[i] < values[worst])) worst = i;
        if (worst >= 0 && values[worst] <= 0)
            throw new InvalidDataException($"{reason} takes the log of the label, but column '{Label}' of {TrainPath} has values ≤ 0: " +
                $"the smallest is {values[worst].ToString(CultureInfo.InvariantCulture)} (line {TrainLines[worst]}). {remedy}");
    }

    /// <summary>
    /// Text feature columns that hold mostly numbers (at least 90% of their non-empty values, and at least 3): read as
    /// text, as pandas reads them, because of a few other values — typically a placeholder for missing such as <c>?</c>
    /// or <c>n/a</c> — so every distinct number becomes a one-hot column. Each with its first value that is not a number
    /// and that value's line, for a warning.
    /// </summary>
    public IReadOnlyList<(string Column, string Value, int Line)> NumbersReadAsText()
    {
        var found = new List<(string, string, int)>();
        foreach (var column in TextFeatures)
        {
            var texts = ReadTexts(Train, column);
            int values = 0, numbers = 0, first = -1;
            for (int i = 0; i < texts.Count; i++)
            {
                if (texts[i].Length == 0) continue;
                values++;
                if (double.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) numbers++;
                else if (first < 0) first = i;
            }
            if (first >= 0 && numbers >= 3 && numbers >= 0.9 * values) found.Add((column, texts[first], TrainLines[first]));
        }
        return found;
    }

    /// <summary>The training file's ids, in row order (for out-of-fold predictions).</summary>
    public IReadOnlyList<string> TrainIds() => Id is null ? [] : Submission.ReadIds(Train, Id);

    /// <summary>
    /// Every training row needs a label: a missing one would silently become a class or a NaN target. A regression label
    /// must be finite (<c>inf</c>, or a number beyond float64 such as 1e400, would make every metric infinite).
    /// </summary>
    private static void RequireLabels(IDataView train, string path, IReadOnlyList<int> lines, string label, TabularTask task)
    {
        if (task == TabularTask.Regression)
        {
            var values = CrossValidationMetrics.ReadDoubles(train, label);
            int missing = values.FindIndex(double.IsNaN);
            if (missing >= 0) throw MissingLabel(missing);
            int infinite = values.FindIndex(double.IsInfinity);
            if (infinite >= 0)
                throw new InvalidDataException($"{path} line {lines[infinite]}: the label '{label}' is {Infinity(values[infinite])}" +
                    $"{More(values.Count(double.IsInfinity))}. Regression needs finite numbers: correct the value, or remove the row.");
            return;
        }
        int empty = ReadTexts(train, label).FindIndex(t => t.Length == 0);
        if (empty >= 0) throw MissingLabel(empty);

        InvalidDataException MissingLabel(int row) => new($"{path} line {lines[row]}: the label '{label}' is missing. Remove rows without a label from the training file.");
    }

    /// <summary>
    /// No infinite feature value in the training rows: standardising would turn its column into NaN in some folds and
    /// into nothing in others (an infinite mean), and the network refuses it at a row number inside a fold. pandas reads
    /// <c>inf</c> and numbers beyond float64 (1e400) as infinity, so they are values, but not ones to learn from.
    /// </summary>
    /// <returns>The numeric columns without any value (all missing), read as numbers as pandas reads an empty column.</returns>
    private static HashSet<string> RequireFiniteFeatures(IDataView train, string path, IReadOnlyList<int> lines, IReadOnlyList<string> numeric)
    {
        var empty = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in numeric)
        {
            var values = CrossValidationMetrics.ReadDoubles(train, column);
            if (values.TrueForAll(double.IsNaN)) empty.Add(column);
            int row = values.FindIndex(double.IsInfinity);
            if (row >= 0)
                throw new InvalidDataException($"{path} line {lines[row]}, column '{column}': the value is {Infinity(values[row])}{More(values.Count(double.IsInfinity))}. " +
                    "Training needs finite numbers: correct the value, or leave the cell empty to have it filled with the column's mean.");
        }
        return empty;
    }

    private static string Infinity(double value)
        => $"{(value > 0 ? "" : "-")}infinite ('{(value > 0 ? "" : "-")}inf', or a number beyond ±1.8e308 such as 1e400)";

    private static string More(int count) => count > 1 ? $" (and {count - 1} more row{(count > 2 ? "s" : "")})" : "";

    private static TabularTask AutoTask(CsvColumnKind kind, int distinct)
    {
        if (distinct == 2) return TabularTask.Binary;
        if (kind is CsvColumnKind.String or CsvColumnKind.Boolean) return TabularTask.Multiclass;
        return kind == CsvColumnKind.Int64 && distinct <= 10 ? TabularTask.Multiclass : TabularTask.Regression;
    }

    /// <summary>Distinct non-missing label values as text, as the file's type reads them (1 and 1.0 are one number).</summary>
    private static List<string> DistinctLabels(CsvTable table, string label, CsvColumnKind kind)
    {
        var view = table.ToDataView();
        if (kind is CsvColumnKind.Int64 or CsvColumnKind.Double)
            return CrossValidationMetrics.ReadDoubles(view, label).Where(v => !double.IsNaN(v)).Distinct()
                .Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
        return ReadTexts(view, label).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<string> ClassOrder(IDataView train, string label, TabularTask task, CsvColumnKind kind)
    {
        var texts = ReadTexts(train, label).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList(); // first occurrence
        if (task != TabularTask.Binary) return texts;
        if (kind is CsvColumnKind.Int64 or CsvColumnKind.Double)
            return texts.OrderBy(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        if (kind == CsvColumnKind.Boolean)
            return texts.OrderBy(t => bool.Parse(t)).ToArray();
        return texts.OrderBy(t => t, CodePointComparer.Instance).ToArray(); // as numpy sorts str
    }

    private static List<string> ReadTexts(IDataView data, string column)
    {
        var col = data.Schema[column];
        var values = new List<string>();
        using var cursor = SerialCursor.Open(data, [col]);
        if (col.Type == BooleanDataViewType.Instance)
        {
            var getBool = cursor.GetGetter<bool>(col);
            bool b = false;
            while (cursor.MoveNext()) { getBool(ref b); values.Add(b ? "True" : "False"); }
            return values;
        }
        var get = cursor.GetGetter<ReadOnlyMemory<char>>(col);
        ReadOnlyMemory<char> text = default;
        while (cursor.MoveNext()) { get(ref text); values.Add(text.ToString()); }
        return values;
    }

    private static string Describe(CsvColumnKind kind) => kind switch
    {
        CsvColumnKind.String => "text",
        CsvColumnKind.Boolean => "True/False",
        _ => "numeric",
    };
}
