namespace DiveML.Transforms;

/// <summary>Options of <see cref="FillNaMeanEstimator"/>: pandas' <c>df.fillna(df.mean())</c>.</summary>
public sealed class FillNaMeanOptions
{
    /// <summary>
    /// Columns to fill, in place. Default (null or empty): every scalar <c>Single</c> or <c>Double</c> column of the
    /// input, as pandas' <c>mean(numeric_only=True)</c>. Integer and boolean columns cannot hold NaN and pass through.
    /// </summary>
    public IReadOnlyList<string>? Columns { get; set; }

    /// <summary>What to do with a column that is entirely missing. Default <see cref="AllMissingPolicy.KeepNaN"/>, as pandas.</summary>
    public AllMissingPolicy AllMissing { get; set; } = AllMissingPolicy.KeepNaN;

    /// <summary>Receives warnings (such as an all-missing column kept NaN). Default: none; warnings are also on the fitted transformer.</summary>
    public Action<string>? Log { get; set; }
}
