using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiveML.Extensions.CrossValidation;

/// <summary>Writes a <see cref="CrossValidationReport"/> as Markdown (for people), CSV and JSON (for programs).</summary>
public static class ReportWriter
{
    /// <summary>A Markdown table: one row per fold, then mean ± std and the 95% interval, train and held-out.</summary>
    public static string Markdown(CrossValidationReport report, string? title = null)
    {
        var metrics = report.MetricNames;
        var sb = new StringBuilder();
        sb.AppendLine($"## {title ?? "Cross-validation"}");
        sb.AppendLine();
        sb.AppendLine($"{report.Folds.Count}-fold ({report.Mode.ToString().ToLowerInvariant()}), {report.Task.ToString().ToLowerInvariant()}; primary metric **{report.PrimaryMetric}** " +
                      $"({(CrossValidationMetrics.LowerIsBetter(report.PrimaryMetric) ? "lower" : "higher")} is better): " +
                      $"valid {F(report.Mean["valid"][report.PrimaryMetric])} ± {F(report.Std["valid"][report.PrimaryMetric])}.");
        sb.AppendLine();
        sb.Append("| fold |");
        foreach (var m in metrics) sb.Append($" train {m} | valid {m} |");
        sb.AppendLine(" seconds |");
        sb.Append("| --- |");
        foreach (var _ in metrics) sb.Append(" --- | --- |");
        sb.AppendLine(" --- |");
        foreach (var fold in report.Folds)
        {
            sb.Append($"| {fold.Fold} |");
            foreach (var m in metrics) sb.Append($" {F(fold.Train[m])} | {F(fold.Valid[m])} |");
            sb.AppendLine($" {fold.Seconds.ToString("F2", CultureInfo.InvariantCulture)} |");
        }
        sb.Append("| **mean ± std** |");
        foreach (var m in metrics) sb.Append($" {F(report.Mean["train"][m])} ± {F(report.Std["train"][m])} | {F(report.Mean["valid"][m])} ± {F(report.Std["valid"][m])} |");
        sb.AppendLine($" {report.Folds.Sum(f => f.Seconds).ToString("F2", CultureInfo.InvariantCulture)} total |");
        sb.Append("| 95% interval of the mean |");
        foreach (var m in metrics)
            sb.Append($" [{F(report.Mean["train"][m] - report.Ci95["train"][m])}, {F(report.Mean["train"][m] + report.Ci95["train"][m])}] | [{F(report.Mean["valid"][m] - report.Ci95["valid"][m])}, {F(report.Mean["valid"][m] + report.Ci95["valid"][m])}] |");
        sb.AppendLine("  |");
        return sb.ToString();
    }

    /// <summary>CSV: <c>fold,part,metric,value</c> rows, then <c>mean</c>, <c>std</c> and <c>ci95</c> rows.</summary>
    public static string Csv(CrossValidationReport report)
    {
        var sb = new StringBuilder("fold,part,metric,value\n");
        foreach (var fold in report.Folds)
        {
            foreach (var (part, values) in new[] { ("train", fold.Train), ("valid", fold.Valid) })
                foreach (var (metric, value) in values)
                    sb.Append($"{fold.Fold},{part},{metric},{R(value)}\n");
            sb.Append($"{fold.Fold},,seconds,{R(fold.Seconds)}\n");
        }
        foreach (var (label, summary) in new[] { ("mean", report.Mean), ("std", report.Std), ("ci95", report.Ci95) })
            foreach (var (part, values) in summary)
                foreach (var (metric, value) in values)
                    sb.Append($"{label},{part},{metric},{R(value)}\n");
        return sb.ToString();
    }

    /// <summary>
    /// JSON: <c>{"task", "metric", "mode", "folds": [{"fold", "train": {..}, "valid": {..}, "seconds", "history"?}],
    /// "mean": {"train", "valid"}, "std": {..}, "ci95": {..}}</c>, metric names in snake_case.
    /// </summary>
    public static string Json(CrossValidationReport report)
    {
        var folds = new JsonArray();
        foreach (var fold in report.Folds)
        {
            var node = new JsonObject
            {
                ["fold"] = fold.Fold,
                ["train"] = Metrics(fold.Train),
                ["valid"] = Metrics(fold.Valid),
                ["seconds"] = fold.Seconds,
            };
            if (fold.History is { } history)
                node["history"] = new JsonArray(history.Select(h => (JsonNode)new JsonObject
                {
                    ["epoch"] = h.Epoch,
                    ["train_loss"] = Number(h.TrainLoss),
                    ["train_metric"] = Number(h.TrainMetric),
                    ["valid_metric"] = h.ValidationMetric is double v ? Number(v) : null,
                    ["seconds"] = h.Seconds,
                }).ToArray());
            folds.Add(node);
        }
        var root = new JsonObject
        {
            ["task"] = report.Task.ToString().ToLowerInvariant(),
            ["metric"] = report.PrimaryMetric,
            ["mode"] = report.Mode.ToString().ToLowerInvariant(),
            ["folds"] = folds,
            ["mean"] = Parts(report.Mean),
            ["std"] = Parts(report.Std),
            ["ci95"] = Parts(report.Ci95),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Parts(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> parts)
        => new(parts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Metrics(p.Value))));

    private static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics)
        => new(metrics.Select(m => KeyValuePair.Create(m.Key, Number(m.Value))));

    /// <summary>JSON has no NaN: a metric that is undefined (e.g. R² of a constant target) is null.</summary>
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string F(double value) => !double.IsFinite(value) ? "n/a"
        : Math.Abs(value) >= 1000 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string R(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
