namespace DiveML.Extensions.Kaggle;

/// <summary>What a submission (or an out-of-fold file) holds per row.</summary>
public enum SubmissionFormat
{
    /// <summary>The prediction in the label's terms: a number for regression, the class value for classification.</summary>
    Labels,
    /// <summary>
    /// Classification only: binary, one column named after the label with the probability of the positive class;
    /// multiclass, one column per class, named by the class, in the class order of the training file.
    /// </summary>
    Probabilities,
}
