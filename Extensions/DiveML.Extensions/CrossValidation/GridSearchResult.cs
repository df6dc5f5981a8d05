using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>The grid's outcome: every candidate's report, best first, the comparison of the candidates and the best pipeline refitted on all rows.</summary>
/// <param name="Ranked">Every candidate with its report, best first.</param>
/// <param name="BestModel">The best candidate refitted on all rows; null when the search was told not to refit.</param>
public sealed record GridSearchResult(IReadOnlyList<(GridCandidate Candidate, CrossValidationReport Report)> Ranked, ITransformer? BestModel)
{
    /// <summary>The winning candidate.</summary>
    public GridCandidate Best => Ranked[0].Candidate;

    /// <summary>Every candidate's mean, spread and paired test against the best, in <see cref="Ranked"/>'s order.</summary>
    public IReadOnlyList<ModelScore> Comparison { get; init; } = [];

    /// <summary>The epochs the best network was refitted for when its folds stopped early (their median best epoch); else null.</summary>
    public int? RefitEpochs { get; init; }
}
