using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// The metrics of the cross-validation report, by name (snake_case, as in cv-report.json), with their task and
/// direction, computed from per-row predictions so that folds, out-of-fold predictions and fold averages are all scored
/// the same way.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>rmse</c>, <c>mae</c>, <c>r2</c>: between the target and the prediction in the label's units.</item>
/// <item><c>log_rmse</c>: RMSE of log(prediction) against log(target), predictions clamped to ≥ 1 as d2l and Kaggle's
/// house prices do; undefined (NaN) when a target is ≤ 0, and refused as the primary metric then.</item>
/// <item><c>auc</c>: area under the ROC curve of the positive class (the Mann–Whitney statistic, ties counted half),
/// ranked by the model's <c>Score</c> when it has one; NaN when the rows hold one class only.</item>
/// <item><c>accuracy</c>: share of rows whose predicted class (the model's <c>PredictedLabel</c>) is the label.</item>
/// <item><c>f1</c>: F1 of the positive class (0 when it is never predicted correctly).</item>
/// <item><c>macro_accuracy</c>: mean recall over the classes present in the labels (ML.NET's MacroAccuracy,
/// scikit-learn's balanced accuracy).</item>
/// <item><c>macro_f1</c>: mean F1 over the classes present in the labels or the predictions (scikit-learn's
/// <c>f1_score(average="macro")</c>).</item>
/// <item><c>log_loss</c>: mean −ln p(true class), probabilities clipped to [1e−15, 1 − 1e−15] (natural log, as
/// scikit-learn and ML.NET's multiclass evaluator; ML.NET's binary evaluator reports bits instead).</item>
/// </list>
/// </remarks>
public static class CrossValidationMetrics
{
    private const double Epsilon = 1e-15;

    /// <summary>The metric names a task's report holds, in report order.</summary>
    /// <param name="task">The task.</param>
    public static IReadOnlyList<string> Names(CrossValidationTask task) => task switch
    {
        CrossValidationTask.Regression => ["rmse", "mae", "r2", "log_rmse"],
        CrossValidationTask.Binary => ["auc", "accuracy", "f1", "log_loss"],
        _ => ["accuracy", "macro_accuracy", "macro_f1", "log_loss"],
    };

    /// <summary>Every metric name of every task.</summary>
    public static IReadOnlyList<string> AllNames { get; } = Enum.GetValues<CrossValidationTask>().SelectMany(Names).Distinct().ToArray();

    /// <summary>The default metric that ranks models: <c>rmse</c>, <c>auc</c> or <c>accuracy</c>.</summary>
    /// <param name="task">The task.</param>
    public static string DefaultMetric(CrossValidationTask task) => task switch
    {
        CrossValidationTask.Regression => "rmse",
        CrossValidationTask.Binary => "auc",
        _ => "accuracy",
    };

    /// <summary>Metrics where lower is better (errors and losses); for the others higher is better.</summary>
    /// <param name="metric">A metric name.</param>
    public static bool LowerIsBetter(string metric) => metric is "rmse" or "mae" or "log_rmse" or "log_loss";

    /// <summary>The tasks that report <paramref name="metric"/> (none for an unknown name).</summary>
    /// <param name="metric">A metric name.</param>
    public static IReadOnlyList<CrossValidationTask> TasksOf(string metric) => Enum.GetValues<CrossValidationTask>().Where(t => Names(t).Contains(metric)).ToArray();

    /// <summary>
    /// Null when <paramref name="metric"/> is a metric of <paramref name="task"/>, else a sentence saying why not and
    /// which names the task has (for an error message).
    /// </summary>
    public static string? Problem(string metric, CrossValidationTask task)
    {
        if (Names(task).Contains(metric)) return null;
        var names = string.Join(", ", Names(task));
        var tasks = TasksOf(metric);
        return tasks.Count == 0
            ? $"'{metric}' is not a metric; a {TaskName(task)} task is scored by {names} (names are lower case)."
            : $"'{metric}' is a {string.Join(" and ", tasks.Select(TaskName))} metric, not a {TaskName(task)} one; use one of {names}.";
    }

    /// <summary>The task as written in reports: <c>regression</c>, <c>binary</c> or <c>multiclass</c>.</summary>
    /// <param name="task">The task.</param>
    public static string TaskName(CrossValidationTask task) => task.ToString().ToLowerInvariant();

    /// <summary>The metrics of <paramref name="rows"/>, which must carry their true labels.</summary>
    /// <param name="rows">Predictions with labels (e.g. a fold's held-out rows, or every out-of-fold prediction).</param>
    public static Dictionary<string, double> Compute(RowPredictions rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!rows.HasLabels) throw new ArgumentException("The rows have no labels to score predictions against.", nameof(rows));
        return rows.Task switch
        {
            CrossValidationTask.Regression => Regression(rows.Targets!, rows.Values!),
            CrossValidationTask.Binary => Binary(rows.Classes!.Select(c => c == 1).ToArray(), rows.Probabilities!.Select(p => p[1]).ToArray(),
                rows.PredictedClasses!.Select(c => c == 1).ToArray(), rows.Scores),
            _ => Multiclass(rows.Classes!, rows.Probabilities!, rows.PredictedClasses!),
        };
    }

    /// <summary>rmse, mae, r2 and log_rmse of predictions against targets (both in the label's units).</summary>
    public static Dictionary<string, double> Regression(IReadOnlyList<double> targets, IReadOnlyList<double> predictions)
    {
        int n = Check(targets.Count, predictions.Count);
        double mean = targets.Average();
        double se = 0, ae = 0, tot = 0, logSe = 0;
        bool logDefined = true;
        for (int i = 0; i < n; i++)
        {
            double e = predictions[i] - targets[i];
            se += e * e;
            ae += Math.Abs(e);
            tot += (targets[i] - mean) * (targets[i] - mean);
            if (!(targets[i] > 0)) logDefined = false;
            double logError = Math.Log(Math.Max(predictions[i], 1.0)) - Math.Log(targets[i]);
            logSe += logError * logError;
        }
        return new Dictionary<string, double>
        {
            ["rmse"] = Math.Sqrt(se / n),
            ["mae"] = ae / n,
            ["r2"] = tot > 0 ? 1 - se / tot : double.NaN,
            ["log_rmse"] = logDefined ? Math.Sqrt(logSe / n) : double.NaN,
        };
    }

    /// <summary>auc, accuracy, f1 and log_loss of binary predictions.</summary>
    /// <param name="labels">True labels (true = positive).</param>
    /// <param name="probabilities">Probability of the positive class per row.</param>
    /// <param name="predicted">Predicted label per row.</param>
    /// <param name="scores">Ranking score per row for the AUC (e.g. ML.NET's <c>Score</c>); null ranks by probability.</param>
    public static Dictionary<string, double> Binary(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, IReadOnlyList<bool> predicted,
        IReadOnlyList<double>? scores = null)
    {
        int n = Check(labels.Count, probabilities.Count, predicted.Count, scores?.Count ?? labels.Count);
        int correct = 0, truePositive = 0, falsePositive = 0, falseNegative = 0;
        double logLoss = 0;
        for (int i = 0; i < n; i++)
        {
            if (labels[i] == predicted[i]) correct++;
            if (labels[i] && predicted[i]) truePositive++;
            else if (predicted[i]) falsePositive++;
            else if (labels[i]) falseNegative++;
            double p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            logLoss -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return new Dictionary<string, double>
        {
            ["auc"] = Auc(labels, scores ?? probabilities),
            ["accuracy"] = (double)correct / n,
            ["f1"] = F1(truePositive, falsePositive, falseNegative),
            ["log_loss"] = logLoss / n,
        };
    }

    /// <summary>accuracy, macro_accuracy, macro_f1 and log_loss of multiclass predictions.</summary>
    /// <param name="labels">True class index per row (0-based, in the label's key order).</param>
    /// <param name="probabilities">Class probabilities per row, in the same order.</param>
    /// <param name="predicted">Predicted class index per row.</param>
    public static Dictionary<string, double> Multiclass(IReadOnlyList<int> labels, IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<int> predicted)
    {
        int n = Check(labels.Count, probabilities.Count, predicted.Count);
        int classes = Math.Max(probabilities.Max(p => p.Count), Math.Max(labels.Max(), predicted.Max()) + 1);
        var support = new int[classes];
        var predictedCount = new int[classes];
        var hits = new int[classes];
        double logLoss = 0;
        for (int i = 0; i < n; i++)
        {
            support[labels[i]]++;
            predictedCount[predicted[i]]++;
            if (labels[i] == predicted[i]) hits[labels[i]]++;
            double p = labels[i] < probabilities[i].Count ? probabilities[i][labels[i]] : 0;
            logLoss -= Math.Log(Math.Clamp(p, Epsilon, 1 - Epsilon));
        }
        var present = Enumerable.Range(0, classes).Where(c => support[c] > 0).ToArray();
        var seen = Enumerable.Range(0, classes).Where(c => support[c] > 0 || predictedCount[c] > 0).ToArray();
        return new Dictionary<string, double>
        {
            ["accuracy"] = (double)hits.Sum() / n,
            ["macro_accuracy"] = present.Average(c => (double)hits[c] / support[c]),
            ["macro_f1"] = seen.Average(c => F1(hits[c], predictedCount[c] - hits[c], support[c] - hits[c])),
            ["log_loss"] = logLoss / n,
        };
    }

    /// <summary>
    /// Area under the ROC curve: the probability that a random positive row scores above a random negative one, ties
    /// counting half (the Mann–Whitney U statistic over average ranks). NaN when one class is absent.
    /// </summary>
    public static double Auc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        int n = Check(labels.Count, scores.Count);
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1; // 1-based ranks, ties share their average
            for (int k = start; k <= end; k++)
                if (labels[order[k]]) { positiveRankSum += averageRank; positives++; }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Regression metrics of a scored data view.</summary>
    /// <param name="scored">Rows with both columns.</param>
    /// <param name="targetColumn">The true values.</param>
    /// <param name="predictionColumn">The predictions, in the same units.</param>
    public static Dictionary<string, double> Regression(IDataView scored, string targetColumn, string predictionColumn)
        => Regression(ReadDoubles(scored, targetColumn), ReadDoubles(scored, predictionColumn));

    /// <summary>Reads a numeric scalar column as doubles.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="column">A Single, Double, Int64 or Int32 column.</param>
    public static List<double> ReadDoubles(IDataView data, string column)
    {
        var col = data.Schema.GetColumnOrNull(column) ?? throw new ArgumentException($"The scored data has no column '{column}'.");
        var values = new List<double>();
        using var cursor = SerialCursor.Open(data, [col]);
        Func<double> read = col.Type switch
        {
            var t when t == NumberDataViewType.Single => Wrap<float>(cursor.GetGetter<float>(col), v => v),
            var t when t == NumberDataViewType.Double => Wrap<double>(cursor.GetGetter<double>(col), v => v),
            var t when t == NumberDataViewType.Int64 => Wrap<long>(cursor.GetGetter<long>(col), v => v),
            var t when t == NumberDataViewType.Int32 => Wrap<int>(cursor.GetGetter<int>(col), v => v),
            _ => throw new ArgumentException($"Column '{column}' is {col.Type}; a numeric scalar is needed for regression metrics."),
        };
        while (cursor.MoveNext()) values.Add(read());
        return values;
    }

    private static double F1(int truePositive, int falsePositive, int falseNegative)
        => truePositive == 0 ? 0 : 2.0 * truePositive / (2.0 * truePositive + falsePositive + falseNegative);

    private static int Check(int count, params int[] others)
    {
        if (count == 0) throw new ArgumentException("No rows to evaluate.");
        if (others.Any(o => o != count)) throw new ArgumentException($"Every list of a metric must have one value per row ({count}); got {string.Join(", ", others)}.");
        return count;
    }

    private static Func<double> Wrap<T>(ValueGetter<T> getter, Func<T, double> convert)
    {
        T value = default!;
        return () => { getter(ref value); return convert(value); };
    }
}
