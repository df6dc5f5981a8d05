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
        bool stopped = report.Folds.Any(f => f.BestEpoch is not null);
        sb.AppendLine($"{report.Folds.Count}-fold ({report.Mode.ToString().ToLowerInvariant()}), {CrossValidationMetrics.TaskName(report.Task)}; primary metric **{report.PrimaryMetric}** " +
                      $"({(CrossValidationMetrics.LowerIsBetter(report.PrimaryMetric) ? "lower" : "higher")} is better): " +
                      $"valid {F(report.Mean["valid"][report.PrimaryMetric])} ± {F(report.Std["valid"][report.PrimaryMetric])}.");
        if (report.RefitEpochs is int refit)
            sb.AppendLine().AppendLine($"Early stopping kept epochs {string.Join(", ", report.Folds.Select(f => f.BestEpoch))}; a refit on all rows trains for their median, {refit}.");
        sb.AppendLine();
        sb.Append("| fold |");
        foreach (var m in metrics) sb.Append($" train {m} | valid {m} |");
        if (stopped) sb.Append(" best epoch |");
        sb.AppendLine(" seconds |");
        sb.Append("| --- |");
        foreach (var _ in metrics) sb.Append(" --- | --- |");
        if (stopped) sb.Append(" --- |");
        sb.AppendLine(" --- |");
        foreach (var fold in report.Folds)
        {
            sb.Append($"| {fold.Fold} |");
            foreach (var m in metrics) sb.Append($" {F(fold.Train[m])} | {F(fold.Valid[m])} |");
            if (stopped) sb.Append($" {fold.BestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "all"} |");
            sb.AppendLine($" {fold.Seconds.ToString("F2", CultureInfo.InvariantCulture)} |");
        }
        sb.Append("| **mean ± std** |");
        foreach (var m in metrics) sb.Append($" {F(report.Mean["train"][m])} ± {F(report.Std["train"][m])} | {F(report.Mean["valid"][m])} ± {F(report.Std["valid"][m])} |");
        if (stopped) sb.Append(" |");
        sb.AppendLine($" {report.Folds.Sum(f => f.Seconds).ToString("F2", CultureInfo.InvariantCulture)} total |");
        sb.Append("| 95% interval of the mean |");
        foreach (var m in metrics)
            sb.Append($" [{F(report.Mean["train"][m] - report.Ci95["train"][m])}, {F(report.Mean["train"][m] + report.Ci95["train"][m])}] | [{F(report.Mean["valid"][m] - report.Ci95["valid"][m])}, {F(report.Mean["valid"][m] + report.Ci95["valid"][m])}] |");
        if (stopped) sb.Append(" |");
        sb.AppendLine("  |");
        return sb.ToString();
    }

    /// <summary>
    /// The model ranking as Markdown: per model the mean held-out primary metric ± std, its 95% interval, and the paired
    /// t-test against the best across folds (difference, plain p-value, Nadeau–Bengio corrected p-value).
    /// </summary>
    public static string ComparisonMarkdown(IReadOnlyList<ModelScore> scores, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0) throw new ArgumentException("No models to write.", nameof(scores));
        string metric = scores[0].Report.PrimaryMetric;
        var sb = new StringBuilder();
        sb.AppendLine($"## {title ?? "Models"}");
        sb.AppendLine();
        sb.AppendLine($"Ranked by mean valid **{metric}** ({(CrossValidationMetrics.LowerIsBetter(metric) ? "lower" : "higher")} is better) on the same " +
                      $"{scores[0].Report.Folds.Count} folds. Each model is compared with the best by a paired t-test on the per-fold differences; " +
                      "folds share training rows, so the plain p-value is indicative only, and the corrected one (Nadeau & Bengio) is the one to rely on.");
        sb.AppendLine();
        sb.AppendLine($"| rank | model | mean {metric} | std | 95% interval | difference to best | t | p | corrected p |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var s in scores)
        {
            var test = s.VersusBest;
            sb.AppendLine($"| {s.Rank} | {s.Name} | {F(s.Mean)} | {F(s.Std)} | [{F(s.Mean - s.Ci95)}, {F(s.Mean + s.Ci95)}] | " +
                          (test is null ? "best | | | |" : $"{Signed(test.MeanDifference)} | {F(test.T)} | {P(test.P)} | {P(test.CorrectedP)} |"));
        }
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
            if (fold.BestEpoch is int best) sb.Append($"{fold.Fold},,best_epoch,{best}\n");
        }
        foreach (var (label, summary) in new[] { ("mean", report.Mean), ("std", report.Std), ("ci95", report.Ci95) })
            foreach (var (part, values) in summary)
                foreach (var (metric, value) in values)
                    sb.Append($"{label},{part},{metric},{R(value)}\n");
        return sb.ToString();
    }

    /// <summary>
    /// JSON: <c>{"task", "metric", "mode", "folds": [{"fold", "train": {..}, "valid": {..}, "seconds", "best_epoch"?,
    /// "history"?}], "mean": {"train", "valid"}, "std": {..}, "ci95": {..}, "refit_epochs"?, "models"?}</c>, metric names
    /// in snake_case. With <paramref name="comparison"/>, <c>"models"</c> lists every model best first:
    /// <c>{"model", "rank", "mean": {"train", "valid"}, "std": {..}, "ci95": {..}, "folds": [..], "refit_epochs"?,
    /// "versus_best"?: {"mean_difference", "std_difference", "t", "p", "corrected_t", "corrected_p"}}</c>.
    /// </summary>
    /// <param name="report">The report of the top-level fields (the best model's, for a comparison).</param>
    /// <param name="comparison">Every model compared, or null.</param>
    public static string Json(CrossValidationReport report, IReadOnlyList<ModelScore>? comparison = null)
    {
        var root = ReportNode(report);
        root.Insert(0, "task", CrossValidationMetrics.TaskName(report.Task));
        root.Insert(1, "metric", report.PrimaryMetric);
        root.Insert(2, "mode", report.Mode.ToString().ToLowerInvariant());
        if (comparison is not null)
            root["models"] = new JsonArray(comparison.Select(s =>
            {
                var node = new JsonObject { ["model"] = s.Name, ["rank"] = s.Rank };
                foreach (var (key, value) in ReportNode(s.Report).ToArray())
                    node[key] = value?.DeepClone();
                // Histories stay with the top-level report only: a grid's every epoch would make the file megabytes.
                foreach (var fold in node["folds"]!.AsArray()) fold!.AsObject().Remove("history");
                if (s.VersusBest is { } test)
                    node["versus_best"] = new JsonObject
                    {
                        ["mean_difference"] = Number(test.MeanDifference),
                        ["std_difference"] = Number(test.StdDifference),
                        ["t"] = Number(test.T),
                        ["p"] = Number(test.P),
                        ["corrected_t"] = Number(test.CorrectedT),
                        ["corrected_p"] = Number(test.CorrectedP),
                    };
                return (JsonNode)node;
            }).ToArray());
        // Written through the writer alone: serializer options would build the reflection serializer's converters (measured, tens of ms once per process).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            root.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonObject ReportNode(CrossValidationReport report)
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
            if (fold.BestEpoch is int best) node["best_epoch"] = best;
            if (fold.History is { } history)
                node["history"] = new JsonArray(history.Select(h => (JsonNode)new JsonObject
                {
                    ["epoch"] = h.Epoch,
                    ["train_loss"] = Number(h.TrainLoss),
                    ["train_metric"] = Number(h.TrainMetric),
                    ["valid_metric"] = h.ValidationMetric is double v ? Number(v) : null,
                    ["early_stopping_metric"] = h.EarlyStoppingMetric is double e ? Number(e) : null,
                    ["seconds"] = h.Seconds,
                }).ToArray());
            folds.Add(node);
        }
        var result = new JsonObject
        {
            ["folds"] = folds,
            ["mean"] = Parts(report.Mean),
            ["std"] = Parts(report.Std),
            ["ci95"] = Parts(report.Ci95),
        };
        if (report.RefitEpochs is int refit) result["refit_epochs"] = refit;
        return result;
    }

    private static JsonObject Parts(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> parts)
        => new(parts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Metrics(p.Value))));

    private static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics)
        => new(metrics.Select(m => KeyValuePair.Create(m.Key, Number(m.Value))));

    /// <summary>JSON has no NaN: a metric that is undefined (e.g. R² of a constant target) is null.</summary>
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string F(double value) => !double.IsFinite(value) ? "n/a"
        : Math.Abs(value) >= 1000 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value >= 0 ? "+" : "") + F(value);

    private static string P(double value) => !double.IsFinite(value) ? "n/a" : value < 0.0001 ? "< 0.0001" : value.ToString("F4", CultureInfo.InvariantCulture);

    private static string R(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
