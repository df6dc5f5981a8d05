using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>Options of <see cref="FillNaMeanEstimator"/>: pandas' <c>df.fillna(df.mean(numeric_only=True))</c>.</summary>
public sealed class FillNaMeanOptions
{
    /// <summary>
    /// The (output, input) columns to fill. Default (null or empty): every scalar numeric column of the input, in place,
    /// as pandas' <c>mean(numeric_only=True)</c>. Integer columns become Double (see <see cref="FillNaMeanEstimator"/>).
    /// </summary>
    public IReadOnlyList<InputOutputColumnPair>? Columns { get; set; }

    /// <summary>What to do with a column that is entirely missing. Default <see cref="AllMissingPolicy.KeepNaN"/>, as pandas.</summary>
    public AllMissingPolicy AllMissing { get; set; } = AllMissingPolicy.KeepNaN;

    /// <summary>Receives warnings (such as an all-missing column kept NaN). Default: none; warnings are also on the fitted transformer.</summary>
    public Action<string>? Log { get; set; }
}
