using DiveML.Trainers;

namespace DiveML.Extensions.CrossValidation;

/// <summary>Options of <see cref="CrossValidator"/>.</summary>
public sealed class CrossValidationOptions
{
    /// <summary>Regression or classification. Default regression.</summary>
    public CrossValidationTask Task { get; set; } = CrossValidationTask.Regression;

    /// <summary>Number of folds k (2 ≤ k ≤ rows). Default 5, as d2l.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>How rows are dealt into folds. Default <see cref="FoldMode.Contiguous"/>, as d2l's get_k_fold_data.</summary>
    public FoldMode Mode { get; set; } = FoldMode.Contiguous;

    /// <summary>Seed of shuffled and stratified folds. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Regression: the column holding the true values in original units (e.g. SalePrice, even when the pipeline learns
    /// its log). Classification: the key label column. Default <c>"Label"</c>.
    /// </summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Regression: the column with predictions in the same units as <see cref="LabelColumnName"/>. Default <c>"Score"</c>.</summary>
    public string PredictionColumnName { get; set; } = "Score";

    /// <summary>
    /// The metric that ranks models (e.g. <c>log_rmse</c>, <c>rmse</c>, <c>accuracy</c>). Default: <c>log_rmse</c> for
    /// regression (Kaggle's house-prices metric), <c>accuracy</c> for classification.
    /// </summary>
    public string? PrimaryMetric { get; set; }

    /// <summary>Called after each fold (live progress). Default none.</summary>
    public Action<FoldResult>? Progress { get; set; }

    internal string Primary => PrimaryMetric ?? (Task == CrossValidationTask.Regression ? "log_rmse" : "accuracy");
}
