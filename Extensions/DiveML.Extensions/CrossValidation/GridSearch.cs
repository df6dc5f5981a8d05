using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// Model selection (d2l 4.4): K-fold every candidate on the same folds, rank by the mean held-out primary metric, test
/// each against the best (<see cref="ModelComparison"/>), refit the best on all training data. Candidates can be any
/// ML.NET pipelines — DiveML networks next to LightGBM, FastTree or SDCA — on the same featurized data.
/// </summary>
public static class GridSearch
{
    /// <summary>
    /// Cross-validates every candidate on the same folds, ranks them by the mean held-out value of
    /// <see cref="CrossValidationOptions.PrimaryMetric"/> (in its better direction) and refits the best on all rows (for
    /// a network that stopped early in the folds: for the folds' median best epoch, through <see cref="GridCandidate.RefitTrainer"/>).
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="data">The training rows.</param>
    /// <param name="candidates">The candidates (at least one).</param>
    /// <param name="options">Folds, task and metric, shared by all candidates.</param>
    /// <param name="progress">Called after each candidate's cross-validation. Default none.</param>
    /// <param name="refit">Refit the best on all rows. Default true; false leaves <see cref="GridSearchResult.BestModel"/> null (e.g. to predict with the fold models instead).</param>
    public static GridSearchResult Run(MLContext mlContext, IDataView data, IReadOnlyList<GridCandidate> candidates, CrossValidationOptions options,
        Action<GridCandidate, CrossValidationReport>? progress = null, bool refit = true)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        if (candidates.Count == 0) throw new ArgumentException("The grid has no candidates.", nameof(candidates));
        if (candidates.Select(c => c.Name).Distinct().Count() != candidates.Count)
            throw new ArgumentException($"Candidate names must differ; they name the models in the comparison: {string.Join(", ", candidates.Select(c => c.Name))}.");
        var results = new List<(GridCandidate Candidate, CrossValidationReport Report)>();
        // One candidate whose refit does not wait for its folds' best epochs: with folds fitted at once, the refit is one
        // more job beside them (the first thread without a fold left takes it) instead of a fit after them all.
        ITransformer? early = null;
        Action? refitAlongside = refit && candidates.Count == 1 && options.ParallelFolds > 1 && candidates[0].RefitIgnoresFolds
            ? () => early = Refit(data, candidates[0], epochs: null)
            : null;
        foreach (var candidate in candidates)
        {
            var report = CrossValidator.Run(mlContext, data, candidate.Featurizer, valid => candidate.Trainer(valid), options, refitAlongside);
            results.Add((candidate, report));
            progress?.Invoke(candidate, report);
        }
        return Finish(mlContext, data, results, refit, early);
    }

    /// <summary>
    /// The second half of <see cref="Run"/>, for candidates cross-validated elsewhere (e.g. fold by fold in worker
    /// processes, <see cref="CrossValidator.RunFold"/>): ranks them and refits the best on all rows.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="data">The training rows.</param>
    /// <param name="results">Every candidate with its report, in the candidates' order (ties keep it).</param>
    /// <param name="refit">Refit the best on all rows; false leaves <see cref="GridSearchResult.BestModel"/> null.</param>
    public static GridSearchResult Finish(MLContext mlContext, IDataView data, IReadOnlyList<(GridCandidate Candidate, CrossValidationReport Report)> results, bool refit = true)
        => Finish(mlContext, data, results, refit, early: null);

    /// <summary><see cref="Finish(MLContext, IDataView, IReadOnlyList{ValueTuple{GridCandidate, CrossValidationReport}}, bool)"/> with the winner's refit already fitted (<paramref name="early"/>) when it did not need the folds.</summary>
    private static GridSearchResult Finish(MLContext mlContext, IDataView data, IReadOnlyList<(GridCandidate Candidate, CrossValidationReport Report)> results,
        bool refit, ITransformer? early)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0) throw new ArgumentException("The grid has no candidates.", nameof(results));
        var comparison = ModelComparison.Rank(results.Select(r => (r.Candidate.Name, r.Report)).ToArray());
        var ranked = comparison.Select(s => results.First(r => r.Candidate.Name == s.Name)).ToList();
        var (winner, winnerReport) = ranked[0];
        int? epochs = winner.RefitTrainer is not null ? winnerReport.RefitEpochs : null;
        ITransformer? best = null;
        if (refit)
            best = early is not null && epochs is null ? early : Refit(data, winner, epochs);
        return new GridSearchResult(ranked, best) { Comparison = comparison, RefitEpochs = refit ? epochs : null };
    }

    /// <summary>Fits <paramref name="candidate"/> on all rows: for <paramref name="epochs"/> epochs through its refit trainer, or as in its folds.</summary>
    private static ITransformer Refit(IDataView data, GridCandidate candidate, int? epochs)
    {
        var features = candidate.Featurizer.Fit(data);
        var trainer = epochs is int e ? candidate.RefitTrainer!(e) : candidate.Trainer(null);
        return new TransformerChain<ITransformer>(features, trainer.Fit(features.Transform(data)));
    }
}
