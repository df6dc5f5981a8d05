using DiveML.Trainers;

namespace DiveML.Extensions.CrossValidation;

/// <summary>Options of <see cref="CrossValidator"/>.</summary>
public sealed class CrossValidationOptions
{
    /// <summary>Regression, binary or multiclass classification. Default regression.</summary>
    public CrossValidationTask Task { get; set; } = CrossValidationTask.Regression;

    /// <summary>Number of folds k (2 ≤ k ≤ rows). Default 5, as d2l.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>How rows are dealt into folds. Default <see cref="FoldMode.Contiguous"/>, as d2l's get_k_fold_data.</summary>
    public FoldMode Mode { get; set; } = FoldMode.Contiguous;

    /// <summary>Seed of shuffled and stratified folds. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Regression: the column holding the true values in original units (e.g. SalePrice, even when the pipeline learns
    /// its log). Binary: the Boolean label (true = positive). Multiclass: the key label. Default <c>"Label"</c>.
    /// </summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Regression: the column with predictions in the same units as <see cref="LabelColumnName"/>. Default <c>"Score"</c>.</summary>
    public string PredictionColumnName { get; set; } = "Score";

    /// <summary>Binary: the raw score that ranks rows for the AUC; multiclass: the class probabilities. Default <c>"Score"</c>, as ML.NET's trainers.</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Binary: the probability of the positive class. Default <c>"Probability"</c>, as ML.NET's calibrated trainers.</summary>
    public string ProbabilityColumnName { get; set; } = "Probability";

    /// <summary>Classification: the predicted class (Boolean for binary, a key for multiclass). Default <c>"PredictedLabel"</c>.</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>
    /// The metric that ranks models (one of <see cref="CrossValidationMetrics.Names"/> for the task). Default:
    /// <c>rmse</c> for regression, <c>auc</c> for binary, <c>accuracy</c> for multiclass. <c>log_rmse</c> (Kaggle's
    /// house-prices metric) is refused up front when the label has a value ≤ 0.
    /// </summary>
    public string? PrimaryMetric { get; set; }

    /// <summary>
    /// Keep every fold's fitted pipeline in <see cref="FoldResult.Model"/>, e.g. to predict new rows with the mean of
    /// the fold models (<see cref="CrossValidationReport.PredictWithFoldModels"/>) instead of a refit. Default false.
    /// </summary>
    public bool KeepFoldModels { get; set; }

    /// <summary>
    /// How many folds are fitted at once, each on its own thread. Default 1 (one after another). Folds are independent
    /// (<see cref="CrossValidator.RunFold"/>), so the report is the same for any value as long as the pipeline draws
    /// no random numbers from a context shared between folds (give ML.NET trainers a seed or a context of their own)
    /// and every fit uses the same number of threads: DiveML's networks are seeded by their options, and small ones
    /// train on one thread (<see cref="TorchThreads"/>) — which is what makes folds at once worth it. A larger network
    /// trains on cores ÷ <see cref="ParallelFolds"/> threads instead of every core (<see cref="TorchThreads.Limit"/>),
    /// and a product split over fewer threads can round differently: set <see cref="TorchTrainerOptions.Threads"/> for
    /// reports that repeat across values.
    /// A trainer's own per-epoch callback (<see cref="TorchTrainerOptions.Progress"/>) is then called from several
    /// threads at once; <see cref="Progress"/> is not.
    /// </summary>
    public int ParallelFolds { get; set; } = 1;

    /// <summary>Called after each fold, in fold order (live progress); never on two threads at once. Default none.</summary>
    public Action<FoldResult>? Progress { get; set; }

    internal string Primary => PrimaryMetric ?? CrossValidationMetrics.DefaultMetric(Task);
}
