using System.Text.Json.Serialization;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Scale;
using Microsoft.ML;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// A whole Kaggle grid as data: the run and its candidates. Its units (<see cref="Units"/>: every candidate on every
/// fold) can be fitted anywhere; <see cref="Reports"/> puts their outcomes back together into the reports an
/// in-process <see cref="GridSearch"/> would have made.
/// </summary>
/// <param name="Run">The data and cross-validation settings.</param>
/// <param name="Candidates">The candidates, in the order the grid lists them (ties in the ranking keep it).</param>
public sealed record TabularGridPlan(TabularRunSpec Run, IReadOnlyList<TabularCandidateSpec> Candidates)
{
    /// <summary>The run's id: a hash of the whole plan (16 hex digits), so the same command on the same data is the same run.</summary>
    [JsonIgnore]
    public string RunId => UnitJson.Sha256(UnitJson.Write(this))[..16];

    /// <summary>Every candidate on every fold, candidate by candidate.</summary>
    public IReadOnlyList<TabularUnit> Units() => Candidates.SelectMany(c => Enumerable.Range(0, Run.Folds).Select(f => new TabularUnit(Run, c, f))).ToArray();

    /// <summary>
    /// Each candidate's report from its folds' outcomes (<paramref name="outcome"/> gives a unit's), with the same folds
    /// (<paramref name="folds"/>) and options an in-process run uses.
    /// </summary>
    /// <param name="candidates">The grid candidates built from <see cref="Candidates"/>, in the same order.</param>
    /// <param name="options">The cross-validation options (<see cref="TabularRunSpec.CrossValidationOptions"/>).</param>
    /// <param name="folds">The folds (<see cref="CrossValidator.Plan"/> of the labelled training rows).</param>
    /// <param name="outcome">The outcome of a unit.</param>
    public IReadOnlyList<(GridCandidate Candidate, CrossValidationReport Report)> Reports(IReadOnlyList<GridCandidate> candidates, CrossValidationOptions options,
        CrossValidationPlan folds, Func<TabularUnit, FoldOutcome> outcome)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(outcome);
        if (candidates.Count != Candidates.Count) throw new ArgumentException($"Give one grid candidate per spec ({Candidates.Count}).", nameof(candidates));
        return Candidates.Select((spec, i) => (candidates[i], CrossValidationReport.FromFolds(options, folds,
            Enumerable.Range(0, Run.Folds).Select(f => outcome(new TabularUnit(Run, spec, f))).ToArray()))).ToArray();
    }
}
