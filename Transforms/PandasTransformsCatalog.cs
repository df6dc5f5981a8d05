using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>
/// <c>mlContext.Transforms</c> entry points for DiveML's pandas-exact preprocessing. As ML.NET's own transforms, each
/// has a single-column overload (<c>outputColumnName</c>, <c>inputColumnName</c> = the same when null), an
/// <see cref="InputOutputColumnPair"/>[] overload, and an Options overload; with no column at all it works on every
/// column of the accepted type, in place, as pandas does on a whole DataFrame.
/// </summary>
public static class PandasTransformsCatalog
{
    /// <summary>
    /// pandas' <c>df.fillna(df.mean(numeric_only=True))</c> on every numeric column, in place: NaN becomes the column's
    /// mean, learned at fit time. Integer columns become Double.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    public static FillNaMeanEstimator FillNaMean(this TransformsCatalog catalog)
        => catalog.FillNaMean(new FillNaMeanOptions());

    /// <summary>pandas' <c>fillna(mean)</c> on one column.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the filled column: the input's type (an integer input becomes Double).</param>
    /// <param name="inputColumnName">Name of the scalar numeric column to fill; null means <paramref name="outputColumnName"/> (in place).</param>
    public static FillNaMeanEstimator FillNaMean(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
        => catalog.FillNaMean(new FillNaMeanOptions { Columns = [new InputOutputColumnPair(outputColumnName, inputColumnName ?? outputColumnName)] });

    /// <summary>pandas' <c>fillna(mean)</c> on several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The (output, input) pairs; scalar numeric inputs.</param>
    public static FillNaMeanEstimator FillNaMean(this TransformsCatalog catalog, InputOutputColumnPair[] columns)
        => catalog.FillNaMean(new FillNaMeanOptions { Columns = columns });

    /// <summary>pandas' <c>fillna(mean)</c> with every option; see <see cref="FillNaMeanOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, the all-missing policy and the warning log.</param>
    public static FillNaMeanEstimator FillNaMean(this TransformsCatalog catalog, FillNaMeanOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new FillNaMeanEstimator(options);
    }

    /// <summary>
    /// pandas' <c>pd.get_dummies(df, dummy_na=True)</c> on every text column, in place: each becomes a 0/1 indicator
    /// vector whose slot names are <c>&lt;col&gt;_&lt;level&gt;</c> (levels in code-point order) then <c>&lt;col&gt;_nan</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    public static GetDummiesEstimator GetDummies(this TransformsCatalog catalog)
        => catalog.GetDummies(new GetDummiesOptions());

    /// <summary>pandas' <c>get_dummies(dummy_na=True)</c> on one column.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the indicator vector (known-size vector of Single).</param>
    /// <param name="inputColumnName">Name of the scalar text column to encode; null means <paramref name="outputColumnName"/> (in place).</param>
    public static GetDummiesEstimator GetDummies(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
        => catalog.GetDummies(new GetDummiesOptions { Columns = [new InputOutputColumnPair(outputColumnName, inputColumnName ?? outputColumnName)] });

    /// <summary>pandas' <c>get_dummies(dummy_na=True)</c> on several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The (output, input) pairs; scalar text inputs.</param>
    public static GetDummiesEstimator GetDummies(this TransformsCatalog catalog, InputOutputColumnPair[] columns)
        => catalog.GetDummies(new GetDummiesOptions { Columns = columns });

    /// <summary>pandas' <c>pd.get_dummies</c> with every option; see <see cref="GetDummiesOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, the NaN indicator and the prefix separator.</param>
    public static GetDummiesEstimator GetDummies(this TransformsCatalog catalog, GetDummiesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new GetDummiesEstimator(options);
    }

    /// <summary>
    /// d2l 4.10's <c>(x - x.mean()) / x.std()</c> (sample std, NaN skipped) on every numeric column, in place; constant
    /// columns become 0. See <see cref="StandardizeEstimator"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    public static StandardizeEstimator Standardize(this TransformsCatalog catalog)
        => catalog.Standardize(new StandardizeOptions());

    /// <summary>d2l 4.10's standardisation of one column.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the standardised column: the input's type (an integer input becomes Double).</param>
    /// <param name="inputColumnName">Name of the scalar numeric column; null means <paramref name="outputColumnName"/> (in place).</param>
    public static StandardizeEstimator Standardize(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
        => catalog.Standardize(new StandardizeOptions { Columns = [new InputOutputColumnPair(outputColumnName, inputColumnName ?? outputColumnName)] });

    /// <summary>d2l 4.10's standardisation of several columns.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">The (output, input) pairs; scalar numeric inputs.</param>
    public static StandardizeEstimator Standardize(this TransformsCatalog catalog, InputOutputColumnPair[] columns)
        => catalog.Standardize(new StandardizeOptions { Columns = columns });

    /// <summary>d2l 4.10's standardisation with every option; see <see cref="StandardizeOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns and whether NaN becomes 0 in the same step.</param>
    public static StandardizeEstimator Standardize(this TransformsCatalog catalog, StandardizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new StandardizeEstimator(options);
    }
}
