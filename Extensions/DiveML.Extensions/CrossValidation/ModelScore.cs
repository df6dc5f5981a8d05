namespace DiveML.Extensions.CrossValidation;

/// <summary>One model's line in a <see cref="ModelComparison"/>: its rank and held-out primary metric across folds.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Report">Its cross-validation report.</param>
/// <param name="Rank">1 for the best, in the metric's better direction.</param>
/// <param name="Mean">Mean held-out primary metric.</param>
/// <param name="Std">Its sample standard deviation over folds.</param>
/// <param name="Ci95">Half-width of the 95% interval of the mean (Student's t, k − 1 degrees of freedom).</param>
/// <param name="VersusBest">The paired test of this model against the best on the same folds; null for the best itself.</param>
public sealed record ModelScore(string Name, CrossValidationReport Report, int Rank, double Mean, double Std, double Ci95, PairedTest? VersusBest)
{
    /// <summary>The per-fold held-out primary metric, in fold order.</summary>
    public IReadOnlyList<double> FoldScores => Report.Folds.Select(f => f.Valid[Report.PrimaryMetric]).ToArray();
}
