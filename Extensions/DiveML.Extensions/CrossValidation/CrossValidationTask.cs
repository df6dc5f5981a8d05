namespace DiveML.Extensions.CrossValidation;

/// <summary>What is learned: decides the label's type, the columns read from a scored view and the metrics.</summary>
public enum CrossValidationTask
{
    /// <summary>A number: RMSE, MAE, R² and log-RMSE between a target and a prediction column.</summary>
    Regression,
    /// <summary>
    /// Two classes: a Boolean label (true is the positive class) and ML.NET's binary outputs <c>Score</c>,
    /// <c>Probability</c> and <c>PredictedLabel</c>; AUC, accuracy, F1 and log-loss.
    /// </summary>
    Binary,
    /// <summary>
    /// K classes: a key label and ML.NET's multiclass outputs <c>Score</c> (class probabilities) and <c>PredictedLabel</c>;
    /// accuracy, macro accuracy, macro F1 and log-loss.
    /// </summary>
    Multiclass,
}
