namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// A paired t-test of one model against another on the same folds, on the per-fold differences d = model − reference
/// of the primary metric: the plain paired t-test and Nadeau and Bengio's corrected resampled t-test.
/// </summary>
/// <remarks>
/// The folds are not independent samples: every two training parts share (k − 2)/(k − 1) of their rows, so the
/// per-fold differences are positively correlated and their sample variance understates the variance of the mean.
/// The plain test (t = d̄ / (s/√k)) is therefore too ready to call a difference significant — treat its p-value as
/// indicative. Nadeau and Bengio (2003, "Inference for the generalization error", Machine Learning 52) correct the
/// variance of the mean from s²/k to (1/k + n_test/n_train)·s²; Bouckaert and Frank (2004) showed this correction
/// applies to k-fold cross-validation with n_test/n_train = 1/(k − 1). The corrected p-value is the one to rely on.
/// Both use k − 1 degrees of freedom and are two-sided.
/// </remarks>
/// <param name="Folds">Number of paired folds k.</param>
/// <param name="MeanDifference">Mean of model − reference over the folds (in the metric's units).</param>
/// <param name="StdDifference">Sample standard deviation of the differences (ddof = 1).</param>
/// <param name="T">The plain paired t statistic.</param>
/// <param name="P">Its two-sided p-value (indicative: the folds are not independent).</param>
/// <param name="CorrectedT">Nadeau and Bengio's corrected statistic.</param>
/// <param name="CorrectedP">Its two-sided p-value.</param>
public sealed record PairedTest(int Folds, double MeanDifference, double StdDifference, double T, double P, double CorrectedT, double CorrectedP)
{
    /// <summary>Compares per-fold scores of a model with a reference's on the same folds, in the same order.</summary>
    /// <param name="model">The model's per-fold metric.</param>
    /// <param name="reference">The reference's per-fold metric (e.g. the best model's).</param>
    public static PairedTest Compare(IReadOnlyList<double> model, IReadOnlyList<double> reference)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        int k = model.Count;
        if (k != reference.Count) throw new ArgumentException($"Paired folds: the model has {k} fold scores and the reference {reference.Count}.");
        if (k < 2) throw new ArgumentException("A paired test needs at least 2 folds.");
        var d = model.Zip(reference, (m, r) => m - r).ToArray();
        double mean = d.Average();
        double std = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (k - 1));
        double testToTrain = 1.0 / (k - 1);
        double t = Statistic(mean, std * std / k);
        double corrected = Statistic(mean, (1.0 / k + testToTrain) * std * std);
        return new PairedTest(k, mean, std, t, StudentT.TwoSidedP(t, k - 1), corrected, StudentT.TwoSidedP(corrected, k - 1));
    }

    /// <summary>d̄ / √variance; identical folds (no variance) give 0 for no difference and ±∞ for a constant one.</summary>
    private static double Statistic(double mean, double variance)
        => variance > 0 ? mean / Math.Sqrt(variance) : mean == 0 ? 0 : Math.CopySign(double.PositiveInfinity, mean);
}
