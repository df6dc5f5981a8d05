using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary><c>mlContext.Transforms</c> entry points for DiveML's pandas-exact preprocessing.</summary>
public static class PandasTransformsCatalog
{
    /// <summary>
    /// pandas' <c>df.fillna(df.mean())</c>: replaces NaN in each column by the column's mean, learned at fit time.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">Scalar <c>Single</c>/<c>Double</c> columns to fill in place; none = every such column.</param>
    public static FillNaMeanEstimator FillNaMean(this TransformsCatalog catalog, params string[] columns)
        => catalog.FillNaMean(new FillNaMeanOptions { Columns = columns });

    /// <summary>pandas' <c>df.fillna(df.mean())</c> with every option; see <see cref="FillNaMeanOptions"/>.</summary>
    public static FillNaMeanEstimator FillNaMean(this TransformsCatalog catalog, FillNaMeanOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FillNaMeanEstimator(options);
    }

    /// <summary>
    /// pandas' <c>pd.get_dummies(df, dummy_na=True)</c>: replaces each text column by a 0/1 indicator vector whose
    /// slot names are <c>&lt;col&gt;_&lt;level&gt;</c> (levels in code-point order) then <c>&lt;col&gt;_nan</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">Scalar text columns to encode in place; none = every text column.</param>
    public static GetDummiesEstimator GetDummies(this TransformsCatalog catalog, params string[] columns)
        => catalog.GetDummies(new GetDummiesOptions { Columns = columns });

    /// <summary>pandas' <c>pd.get_dummies</c> with every option; see <see cref="GetDummiesOptions"/>.</summary>
    public static GetDummiesEstimator GetDummies(this TransformsCatalog catalog, GetDummiesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new GetDummiesEstimator(options);
    }

    /// <summary>
    /// d2l 4.10's <c>(x - x.mean()) / x.std()</c> (sample std, NaN skipped) on numeric columns, in place; constant
    /// columns become 0. See <see cref="StandardizeEstimator"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">Scalar Single/Double columns; none = every such column.</param>
    public static StandardizeEstimator Standardize(this TransformsCatalog catalog, params string[] columns)
        => catalog.Standardize(new StandardizeOptions { Columns = columns });

    /// <summary>d2l 4.10's standardisation with every option; see <see cref="StandardizeOptions"/>.</summary>
    public static StandardizeEstimator Standardize(this TransformsCatalog catalog, StandardizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new StandardizeEstimator(options);
    }
}
