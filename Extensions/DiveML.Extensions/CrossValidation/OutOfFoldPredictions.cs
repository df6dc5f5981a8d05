namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// scikit-learn's <c>cross_val_predict</c>: every training row's prediction by the fold model that did not see it.
/// Row i of <see cref="Predictions"/> is row i of the cross-validated data; <see cref="Folds"/> says which fold held it
/// out. Useful for stacking, for error analysis and for a metric over all rows at once.
/// </summary>
/// <param name="Predictions">One prediction per training row, in the data's row order, with the true labels.</param>
/// <param name="Folds">The 1-based fold that held each row out.</param>
public sealed record OutOfFoldPredictions(RowPredictions Predictions, IReadOnlyList<int> Folds);
