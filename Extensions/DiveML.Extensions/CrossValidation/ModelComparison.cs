namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// Ranks models cross-validated on the same folds by their mean held-out primary metric and tests each against the best
/// with a paired t-test across folds (<see cref="PairedTest"/>: plain and Nadeau–Bengio corrected).
/// </summary>
public static class ModelComparison
{
    /// <summary>The models, best first; a model whose mean is undefined (NaN) ranks last.</summary>
    /// <param name="models">Names and reports; every report must use the same folds, task and primary metric.</param>
    public static IReadOnlyList<ModelScore> Rank(IReadOnlyList<(string Name, CrossValidationReport Report)> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0) throw new ArgumentException("No models to compare.", nameof(models));
        var first = models[0].Report;
        foreach (var (name, report) in models)
            if (report.PrimaryMetric != first.PrimaryMetric || report.Folds.Count != first.Folds.Count || report.Task != first.Task)
                throw new ArgumentException($"Model '{name}' was not cross-validated like '{models[0].Name}' (same task, metric and folds are needed to compare them).");
        string metric = first.PrimaryMetric;
        bool lower = CrossValidationMetrics.LowerIsBetter(metric);
        // Stable ordering: equal means keep the order the models were given in.
        var ranked = models
            .Select((m, i) => (m.Name, m.Report, Index: i, Mean: m.Report.Mean["valid"][metric]))
            .OrderBy(m => double.IsNaN(m.Mean) ? 1 : 0)
            .ThenBy(m => lower ? m.Mean : -m.Mean)
            .ThenBy(m => m.Index)
            .ToList();
        var best = ranked[0].Report.Folds.Select(f => f.Valid[metric]).ToArray();
        return ranked.Select((m, i) => new ModelScore(m.Name, m.Report, i + 1, m.Mean, m.Report.Std["valid"][metric], m.Report.Ci95["valid"][metric],
            i == 0 ? null : PairedTest.Compare(m.Report.Folds.Select(f => f.Valid[metric]).ToArray(), best))).ToArray();
    }
}
