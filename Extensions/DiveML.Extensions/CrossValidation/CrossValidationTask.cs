using DiveML.Trainers;

namespace DiveML.Extensions.CrossValidation;

/// <summary>What is learned: decides the metrics.</summary>
public enum CrossValidationTask
{
    /// <summary>RMSE, MAE, R² and log-RMSE between a target and a prediction column.</summary>
    Regression,
    /// <summary>Accuracy, macro accuracy and log-loss from a key label, Score and PredictedLabel.</summary>
    Classification,
}
