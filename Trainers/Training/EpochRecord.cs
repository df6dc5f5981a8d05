namespace DiveML.Trainers;

/// <summary>
/// One epoch of training, as d2l's Animator plots it. For an ensemble the training figures are the members' means and
/// the validation metrics are the ensemble's own.
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's minibatches (squared error, binary cross-entropy with logits, or cross-entropy).</param>
/// <param name="TrainMetric">Training accuracy (classification) or RMSE (regression) accumulated during the epoch.</param>
/// <param name="ValidationMetric">Accuracy or RMSE on <see cref="TorchTrainerOptions.ValidationData"/> after the epoch; null without validation data.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch, validation included.</param>
/// <param name="EarlyStoppingMetric">
/// With <see cref="TorchTrainerOptions.EarlyStopping"/>: the metric early stopping decides on (RMSE or log-loss of the
/// rows held out of the training data) after the epoch; null otherwise.
/// </param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainMetric, double? ValidationMetric, double Seconds, double? EarlyStoppingMetric = null);
