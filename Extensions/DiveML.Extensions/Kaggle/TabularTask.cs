namespace DiveML.Extensions.Kaggle;

/// <summary>What a Kaggle-style CSV asks for.</summary>
public enum TabularTask
{
    /// <summary>
    /// Decided from the label: binary when it has exactly two distinct values; multiclass for any other text or
    /// True/False label, or an integer label with at most 10 distinct values; regression otherwise.
    /// </summary>
    Auto,
    /// <summary>Predict a number.</summary>
    Regression,
    /// <summary>Predict one of two classes; the positive class is the larger value (numbers) or the later one in ordinal order (text).</summary>
    Binary,
    /// <summary>Predict one of several classes, in the order they first occur in the training file.</summary>
    Multiclass,
}
