namespace DiveML.Trainers;

/// <summary>
/// One epoch of training, as d2l's Animator plots it. For an ensemble the training figures are the members' means and
/// the validation metric is the ensemble's own.
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's minibatches (squared error, binary cross-entropy with logits, or cross-entropy).</param>
/// <param name="TrainMetric">Training accuracy (classification) or RMSE (regression) accumulated during the epoch.</param>
/// <param name="ValidationMetric">Accuracy or RMSE on the validation data after the epoch; null without validation data.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch, validation included.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainMetric, double? ValidationMetric, double Seconds);
