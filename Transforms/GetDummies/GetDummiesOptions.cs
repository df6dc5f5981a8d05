using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>Options of <see cref="GetDummiesEstimator"/>: pandas' <c>pd.get_dummies(df, dummy_na=True)</c>.</summary>
public sealed class GetDummiesOptions
{
    /// <summary>
    /// The (output, input) text columns to encode; each output is an indicator vector. Default (null or empty): every
    /// scalar text column, in place.
    /// </summary>
    public IReadOnlyList<InputOutputColumnPair>? Columns { get; set; }

    /// <summary>
    /// Add a <c>&lt;col&gt;_nan</c> indicator, last, for missing values (even when the training data has none). Default
    /// <c>true</c>, as in d2l's workflow; pandas' own default is <c>false</c>, which encodes a missing value as all zeros.
    /// </summary>
    public bool DummyNa { get; set; } = true;

    /// <summary>Separator between column name and level in the slot names. Default <c>"_"</c> (pandas' <c>prefix_sep</c>).</summary>
    public string PrefixSeparator { get; set; } = "_";
}
