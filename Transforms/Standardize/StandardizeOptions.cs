using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>Options of <see cref="StandardizeEstimator"/>: d2l 4.10's <c>(x - x.mean()) / x.std()</c>.</summary>
public sealed class StandardizeOptions
{
    /// <summary>
    /// The (output, input) columns to standardise. Default (null or empty): every scalar numeric column, in place.
    /// Integer columns become Double.
    /// </summary>
    public IReadOnlyList<InputOutputColumnPair>? Columns { get; set; }

    /// <summary>
    /// Replace NaN by 0 — the mean on the standardised scale — in the same step: d2l 4.10's
    /// <c>fillna(0)</c> after standardising, equal to following this transform with <c>FillNaMean</c>, in one
    /// transform per column instead of two. Default false (NaN stays NaN).
    /// </summary>
    public bool FillMissingWithMean { get; set; }
}
