using System.Globalization;
using System.Text;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.IO;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// Writes <c>&lt;id&gt;,&lt;prediction…&gt;</c> per row, in row order, as Kaggle expects — labels or class
/// probabilities (<see cref="SubmissionFormat"/>), optionally followed by the fold that held the row out (out-of-fold
/// files) — atomically (no partial file on error).
/// </summary>
public static class Submission
{
    /// <summary>Writes one line per row. Returns the row count.</summary>
    /// <param name="path">The CSV file to create or replace.</param>
    /// <param name="idColumn">The header of the id column.</param>
    /// <param name="ids">The id of each row, copied verbatim.</param>
    /// <param name="predictions">One prediction per row (<see cref="PredictionReader"/>, <see cref="RowPredictions.Average"/>).</param>
    /// <param name="labelName">The label's name in the training file: the header of a label or binary probability column.</param>
    /// <param name="classes">Classification: the class values (binary: [negative, positive]; multiclass: in probability order).</param>
    /// <param name="format">Labels, or probabilities (classification only).</param>
    /// <param name="folds">When given, a last column <c>fold</c> with each row's (1-based) fold.</param>
    public static int Write(string path, string idColumn, IReadOnlyList<string> ids, RowPredictions predictions, string labelName,
        IReadOnlyList<string> classes, SubmissionFormat format, IReadOnlyList<int>? folds = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(classes);
        if (ids.Count != predictions.Count) throw new ArgumentException($"{ids.Count} ids for {predictions.Count} predictions.");
        if (folds is not null && folds.Count != ids.Count) throw new ArgumentException($"{folds.Count} folds for {ids.Count} rows.");
        bool regression = predictions.Task == CrossValidationTask.Regression;
        if (regression && format == SubmissionFormat.Probabilities)
            throw new ArgumentException("Probabilities are for classification; a regression submission holds the predicted values.");
        if (!regression && classes.Count < 2) throw new ArgumentException("Classification needs the class values to write predictions.");
        bool perClass = format == SubmissionFormat.Probabilities && predictions.Task == CrossValidationTask.Multiclass;

        var text = new StringBuilder();
        var header = new List<string> { idColumn };
        header.AddRange(perClass ? classes : [labelName]);
        if (folds is not null) header.Add("fold");
        text.AppendJoin(',', header.Select(CsvQuoting.Quote)).Append('\n');
        for (int i = 0; i < ids.Count; i++)
        {
            text.Append(CsvQuoting.Quote(ids[i]));
            if (regression) text.Append(',').Append(Number(predictions.Values![i]));
            else if (format == SubmissionFormat.Labels) text.Append(',').Append(CsvQuoting.Quote(classes[predictions.PredictedClasses![i]]));
            else if (!perClass) text.Append(',').Append(Number(predictions.Probabilities![i][1]));
            else foreach (var p in predictions.Probabilities![i]) text.Append(',').Append(Number(p));
            if (folds is not null) text.Append(',').Append(folds[i].ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return AtomicFile.Write(path, writer => { writer.Write(text); return ids.Count; });
    }

    /// <summary>The id column's values as text, in row order.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="idColumn">The id column (text or a number).</param>
    public static IReadOnlyList<string> ReadIds(IDataView data, string idColumn)
    {
        var id = data.Schema.GetColumnOrNull(idColumn) ?? throw new ArgumentException($"The data has no id column '{idColumn}'.");
        var ids = new List<string>();
        using var cursor = SerialCursor.Open(data, [id]);
        var read = TextReader(cursor, id);
        while (cursor.MoveNext()) ids.Add(read());
        return ids;
    }

    /// <summary>
    /// Shortest round-trip text: a value that is exactly a Single (one model's output) is written as that Single, so it
    /// reads as the model gave it; an average of several is written as the Double it is.
    /// </summary>
    private static string Number(double value)
        => (double)(float)value == value ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    private static Func<string> TextReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> v = default;
            return () => { get(ref v); return v.ToString(); };
        }
        if (column.Type == NumberDataViewType.Single)
        {
            var get = cursor.GetGetter<float>(column);
            float v = 0;
            return () => { get(ref v); return v.ToString("R", CultureInfo.InvariantCulture); };
        }
        if (column.Type == NumberDataViewType.Double)
        {
            var get = cursor.GetGetter<double>(column);
            double v = 0;
            return () => { get(ref v); return v.ToString("R", CultureInfo.InvariantCulture); };
        }
        throw new ArgumentException($"Column '{column.Name}' is {column.Type}; expected text or a number.");
    }
}
