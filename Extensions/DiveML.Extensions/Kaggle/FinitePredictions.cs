using DiveML.Extensions.CrossValidation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// A prediction that is not a finite number (a regression value of ±Infinity or NaN, a NaN probability) is not a
/// prediction: it comes from inputs far outside the training data, such as <c>inf</c> or <c>1e400</c> in a test file,
/// which pandas reads as infinity. Such rows are reported with their ids, lines and infinite values before any file is
/// written, so that no submission carries them silently.
/// </summary>
public static class FinitePredictions
{
    /// <summary>The rows whose prediction is not finite, in row order.</summary>
    /// <param name="predictions">One prediction per row.</param>
    public static IReadOnlyList<int> Rows(RowPredictions predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return Enumerable.Range(0, predictions.Count).Where(i => predictions.Task == CrossValidationTask.Regression
            ? !double.IsFinite(predictions.Values![i])
            : predictions.Probabilities![i].Any(p => !double.IsFinite(p))).ToArray();
    }

    /// <summary>
    /// Refuses predictions of which any is not finite: the message names up to ten rows by id and line of
    /// <paramref name="path"/>, with the infinite values of <paramref name="rows"/> in them, and says what was not written.
    /// </summary>
    /// <param name="predictions">One prediction per row of <paramref name="rows"/>.</param>
    /// <param name="rows">The rows as read (for the ids and the feature values).</param>
    /// <param name="idColumn">The id column of <paramref name="rows"/>.</param>
    /// <param name="lines">The 1-based line each row starts on.</param>
    /// <param name="path">The file the rows come from, as the user gave it.</param>
    /// <param name="notWritten">What is therefore not written, e.g. "no submission was written".</param>
    /// <exception cref="InvalidDataException">A prediction is not finite.</exception>
    public static void Require(RowPredictions predictions, IDataView rows, string idColumn, IReadOnlyList<int> lines, string path, string notWritten)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lines);
        var bad = Rows(predictions);
        if (bad.Count == 0) return;
        var ids = Submission.ReadIds(rows, idColumn);
        var infinite = InfiniteValues(rows, bad);
        var described = bad.Take(10).Select(r => $"{idColumn} {ids[r]} (line {lines[r]}{(infinite.TryGetValue(r, out var values) ? ": " + string.Join(", ", values) : "")})");
        throw new InvalidDataException($"The model's prediction is not a finite number for {bad.Count} row{(bad.Count == 1 ? "" : "s")} of {path}, so {notWritten}: " +
            string.Join("; ", described) + (bad.Count > 10 ? $"; and {bad.Count - 10} more" : "") +
            ". Such values lie far outside the training data (pandas reads inf and numbers beyond ±1.8e308 as infinity): correct them, " +
            "or leave the cells empty to have them filled as missing values.");
    }

    /// <summary>Per row of <paramref name="wanted"/>, the numeric columns holding ±Infinity, as "column = inf".</summary>
    private static Dictionary<int, List<string>> InfiniteValues(IDataView rows, IReadOnlyList<int> wanted)
    {
        var set = wanted.ToHashSet();
        var found = new Dictionary<int, List<string>>();
        foreach (var column in rows.Schema.Where(c => !c.IsHidden && c.Type == NumberDataViewType.Double))
        {
            var values = CrossValidationMetrics.ReadDoubles(rows, column.Name);
            foreach (var row in set.Where(r => r < values.Count && double.IsInfinity(values[r])))
            {
                if (!found.TryGetValue(row, out var list)) found[row] = list = [];
                list.Add($"{column.Name} = {(values[row] > 0 ? "inf" : "-inf")}");
            }
        }
        return found;
    }
}
