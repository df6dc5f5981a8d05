namespace DiveML.Trainers;

/// <summary>What a network is trained for: it decides the label type, the loss, the metric and the scoring chain.</summary>
internal enum TrainingTask
{
    /// <summary>A Single label, one output, squared loss; metric RMSE.</summary>
    Regression,

    /// <summary>A Boolean label, one output (the logit), binary cross-entropy with logits; metric accuracy.</summary>
    Binary,

    /// <summary>A key label of K classes, K outputs (logits), cross-entropy; metric accuracy.</summary>
    Multiclass,
}
