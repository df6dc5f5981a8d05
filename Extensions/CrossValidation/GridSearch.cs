using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>One candidate of a grid: a name for the report, a featurizer and the trainer that follows it.</summary>
/// <param name="Name">Short description, e.g. <c>mlp hidden=256 dropout=0.5</c>.</param>
/// <param name="Featurizer">Preprocessing, fitted per fold.</param>
/// <param name="Trainer">Builds the trainer part; gets the fold's featurized held-out data (null for the final refit).</param>
public sealed record GridCandidate(string Name, IEstimator<ITransformer> Featurizer, Func<IDataView?, IEstimator<ITransformer>> Trainer)
{
    /// <summary>A candidate that is one plain pipeline.</summary>
    public GridCandidate(string name, IEstimator<ITransformer> pipeline) : this(name, new EstimatorChain<ITransformer>(), _ => pipeline) { }
}

/// <summary>The grid's outcome: every candidate's report, best first, and the best pipeline refitted on all rows.</summary>
public sealed record GridSearchResult(IReadOnlyList<(GridCandidate Candidate, CrossValidationReport Report)> Ranked, ITransformer BestModel)
{
    /// <summary>The winning candidate.</summary>
    public GridCandidate Best => Ranked[0].Candidate;
}

/// <summary>Model selection (d2l 4.4): K-fold every candidate, rank by the mean held-out primary metric, refit the best on all training data.</summary>
public static class GridSearch
{
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
