namespace DiveML.Transforms;

/// <summary>Options of <see cref="StandardizeEstimator"/>: d2l 4.10's <c>(x - x.mean()) / x.std()</c>.</summary>
public sealed class StandardizeOptions
{
    /// <summary>Columns to standardise in place. Default (null or empty): every scalar Single or Double column.</summary>
    public IReadOnlyList<string>? Columns { get; set; }
}
