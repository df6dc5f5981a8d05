namespace DiveML.Transforms;

/// <summary>What <c>FillNaMean</c> does with a column that has no non-missing value, so no mean.</summary>
public enum AllMissingPolicy
{
    /// <summary>pandas' behaviour: the column stays NaN (and a warning is recorded). The default.</summary>
    KeepNaN,
    /// <summary>Fill the column with 0 (ML.NET's <c>ReplaceMissingValues</c> behaviour).</summary>
    FillZero,
    /// <summary>Fail <c>Fit</c> with an error naming the column.</summary>
    Throw,
}
