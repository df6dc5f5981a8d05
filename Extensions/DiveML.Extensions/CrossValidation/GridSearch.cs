using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>Model selection (d2l 4.4): K-fold every candidate, rank by the mean held-out primary metric, refit the best on all training data.</summary>
public static class GridSearch
{
    /// <summary>
    /// Cross-validates every candidate on the same folds, ranks them by the mean held-out value of
    /// <see cref="CrossValidationOptions.PrimaryMetric"/> (in its better direction) and refits the best on all rows.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="data">The training rows.</param>
    /// <param name="candidates">The candidates (at least one).</param>
    /// <param name="options">Folds, task and metric, shared by all candidates.</param>
    /// <param name="progress">Called after each candidate's cross-validation. Default none.</param>
    public static GridSearchResult Run(MLContext mlContext, IDataView data, IReadOnlyList<GridCandidate> candidates, CrossValidationOptions options,
        Action<GridCandidate, CrossValidationReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) throw new ArgumentException("The grid has no candidates.", nameof(candidates));
        var results = new List<(GridCandidate, CrossValidationReport)>();
        foreach (var candidate in candidates)
        {
            var report = CrossValidator.Run(mlContext, data, candidate.Featurizer, valid => candidate.Trainer(valid), options);
            results.Add((candidate, report));
            progress?.Invoke(candidate, report);
        }
        bool lower = CrossValidationMetrics.LowerIsBetter(options.Primary);
        var ranked = (lower ? results.OrderBy(r => r.Item2.PrimaryValidMean) : results.OrderByDescending(r => r.Item2.PrimaryValidMean)).ToList();
        var winner = ranked[0].Item1;
        var features = winner.Featurizer.Fit(data);
        var best = new TransformerChain<ITransformer>(features, winner.Trainer(null).Fit(features.Transform(data)));
        return new GridSearchResult(ranked, best);
    }
}
