using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>The grid's outcome: every candidate's report, best first, and the best pipeline refitted on all rows.</summary>
public sealed record GridSearchResult(IReadOnlyList<(GridCandidate Candidate, CrossValidationReport Report)> Ranked, ITransformer BestModel)
{
    /// <summary>The winning candidate.</summary>
    public GridCandidate Best => Ranked[0].Candidate;
}
