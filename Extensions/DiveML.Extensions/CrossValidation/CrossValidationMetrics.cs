using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>Metric computation for the cross-validation report; names are snake_case, as in cv-report.json.</summary>
public static class CrossValidationMetrics
{
    /// <summary>The metric names a task's report holds, in report order.</summary>
    /// <param name="task">The task.</param>
    public static IReadOnlyList<string> Names(CrossValidationTask task) => task == CrossValidationTask.Regression
        ? ["rmse", "mae", "r2", "log_rmse"]
        : ["accuracy", "macro_accuracy", "log_loss"];

    /// <summary>Metrics where lower is better.</summary>
    public static bool LowerIsBetter(string metric) => metric is "rmse" or "mae" or "log_rmse" or "log_loss";

    /// <summary>rmse, mae, r2 and log_rmse (Kaggle house prices: RMSE of log predictions clamped to ≥ 1, as d2l) of predictions against targets.</summary>
    public static Dictionary<string, double> Regression(IReadOnlyList<double> targets, IReadOnlyList<double> predictions)
    {
        int n = targets.Count;
        if (n == 0) throw new ArgumentException("No rows to evaluate.");
        double mean = targets.Average();
        double se = 0, ae = 0, tot = 0, logSe = 0;
        for (int i = 0; i < n; i++)
        {
            double e = predictions[i] - targets[i];
            se += e * e;
            ae += Math.Abs(e);
            tot += (targets[i] - mean) * (targets[i] - mean);
            double logError = Math.Log(Math.Max(predictions[i], 1.0)) - Math.Log(targets[i]);
            logSe += logError * logError;
        }
        return new Dictionary<string, double>
        {
            ["rmse"] = Math.Sqrt(se / n),
            ["mae"] = ae / n,
            ["r2"] = tot > 0 ? 1 - se / tot : double.NaN,
            ["log_rmse"] = Math.Sqrt(logSe / n),
        };
    }

    /// <summary>Regression metrics of a scored data view.</summary>
    public static Dictionary<string, double> Regression(IDataView scored, string targetColumn, string predictionColumn)
        => Regression(ReadDoubles(scored, targetColumn), ReadDoubles(scored, predictionColumn));

    /// <summary>accuracy (micro), macro_accuracy and log_loss of a scored view with a key label, Score and PredictedLabel.</summary>
    public static Dictionary<string, double> Classification(MLContext ml, IDataView scored, string labelColumn)
    {
        var m = ml.MulticlassClassification.Evaluate(scored, labelColumn);
        return new Dictionary<string, double>
        {
            ["accuracy"] = m.MicroAccuracy,
            ["macro_accuracy"] = m.MacroAccuracy,
            ["log_loss"] = m.LogLoss,
        };
    }

    /// <summary>Reads a numeric scalar column as doubles.</summary>
    public static List<double> ReadDoubles(IDataView data, string column)
    {
        var col = data.Schema.GetColumnOrNull(column) ?? throw new ArgumentException($"The scored data has no column '{column}'.");
        var values = new List<double>();
        using var cursor = data.GetRowCursor([col]);
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

    private static Func<double> Wrap<T>(ValueGetter<T> getter, Func<T, double> convert)
    {
        T value = default!;
        return () => { getter(ref value); return convert(value); };
    }
}
