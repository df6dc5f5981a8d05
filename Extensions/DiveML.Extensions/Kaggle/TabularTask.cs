namespace DiveML.Extensions.Kaggle;

/// <summary>What a Kaggle-style CSV asks for.</summary>
public enum TabularTask
{
    /// <summary>Classification for a text or True/False label, or an integer label with at most 10 distinct values; regression otherwise.</summary>
    Auto,
    /// <summary>Predict a number.</summary>
    Regression,
    /// <summary>Predict a class.</summary>
    Classification,
}
