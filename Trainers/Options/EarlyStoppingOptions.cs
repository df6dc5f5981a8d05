namespace DiveML.Trainers;

/// <summary>
/// Early stopping for a DiveML trainer (<see cref="TorchTrainerOptions.EarlyStopping"/>): a seeded fraction of the
/// training rows is held out (stratified by class for classification), the network is scored on it after every epoch,
/// training stops after <see cref="Patience"/> epochs without improvement, and the weights of the best epoch are restored.
/// </summary>
/// <remarks>
/// The held-out rows come from the data given to <c>Fit</c> only, never from <see cref="TorchTrainerOptions.ValidationData"/>,
/// which stays a curve to look at: in cross-validation the fold being evaluated must not choose the epoch it is scored at.
/// The metric is the training loss on the held-out rows: RMSE (the root of the squared loss, in the units the network
/// learns, e.g. log prices) for regression, log-loss (mean cross-entropy, natural log) for classification. Log-loss
/// rather than accuracy because a held-out tenth of a small table gives an accuracy that moves in coarse steps and
/// ties for many epochs, so "no improvement" would stop early on noise; log-loss moves with every change of confidence.
/// Both are lower-is-better.
/// </remarks>
public sealed class EarlyStoppingOptions
{
    /// <summary>Epochs without improvement after which training stops. Default 10.</summary>
    public int Patience { get; set; } = 10;

    /// <summary>
    /// Smallest decrease of the held-out metric that counts as an improvement (in the metric's units). Default 0: any
    /// decrease resets the patience and becomes the epoch whose weights are kept.
    /// </summary>
    public double MinDelta { get; set; }

    /// <summary>Fraction of the training rows held out to decide when to stop, in (0, 1). Default 0.1.</summary>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>
    /// Seed of the held-out rows. Default null: derived from the trainer's <see cref="TorchTrainerOptions.Seed"/>, so a
    /// seeded fit holds out the same rows every time.
    /// </summary>
    public int? Seed { get; set; }

    internal void Validate()
    {
        if (Patience < 1) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "EarlyStopping.Patience must be at least 1 epoch.");
        if (!(MinDelta >= 0) || !double.IsFinite(MinDelta)) throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, "EarlyStopping.MinDelta must be zero or positive.");
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "EarlyStopping.ValidationFraction must be between 0 and 1 (e.g. 0.1 holds out a tenth of the training rows).");
    }
}
