namespace DiveML.Extensions.Kaggle;

/// <summary>What a Kaggle-style CSV asks for.</summary>
public enum TabularTask
{
    /// <summary>Regression when the label is a number with more than 10 distinct values, else classification.</summary>
    Auto,
    /// <summary>Predict a number.</summary>
    Regression,
    /// <summary>Predict a class.</summary>
    Classification,
}
