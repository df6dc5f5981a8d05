using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// Learns each column's mean and sample standard deviation (ddof = 1, NaN skipped, as pandas) and maps x to
/// (x − mean) / std, as d2l 4.10 does for the Kaggle house prices. NaN stays NaN (fill it afterwards). A column whose
/// std is 0 or undefined (constant, or fewer than two values) becomes 0 everywhere, which is what pandas' NaN followed by
/// d2l's <c>fillna(0)</c> gives, instead of infinities on new data.
/// </summary>
/// <remarks>
/// Unlike ML.NET's <c>NormalizeMeanVariance</c>, the standard deviation is the sample one (ddof = 1) and the output keeps
/// the input type (Double stays Double). Saved as ML.NET <c>Expression</c> transforms with the statistics baked in.
/// </remarks>
public sealed class StandardizeEstimator : IEstimator<StandardizeTransformer>
{
    private readonly StandardizeOptions _options;
    private readonly MLContext _env = new(seed: 0);

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.Standardize(...)</c>.</summary>
    public StandardizeEstimator(StandardizeOptions? options = null) => _options = options ?? new StandardizeOptions();

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ResolveColumns(ColumnInfo.Of(inputSchema));
        return inputSchema;
    }

    private string[] ResolveColumns(IEnumerable<ColumnInfo> schema) => ColumnSelection.Resolve("Standardize", _options.Columns, schema,
        c => c.IsScalar && (c.ItemType == NumberDataViewType.Single || c.ItemType == NumberDataViewType.Double),
        "scalar Single or Double columns",
        "Convert integer columns first with mlContext.Transforms.Conversion.ConvertType(..., DataKind.Double).");

    /// <inheritdoc/>
    public StandardizeTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = ResolveColumns(ColumnInfo.Of(input.Schema));
        var stats = ColumnStatistics.Compute(input, columns);
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var name in columns)
        {
            var (mean, std) = stats[name];
            bool isDouble = input.Schema[name].Type == NumberDataViewType.Double;
            string suffix = isDouble ? "d" : "";
            string zero = isDouble ? "0.0d" : "0.0";
            string standardized = $"(x - ({Format(mean, isDouble)}{suffix})) / ({Format(std, isDouble)}{suffix})";
            string expression = !(std > 0 && double.IsFinite(std) && double.IsFinite(mean)) ? $"x => {zero}"
                : _options.FillMissingWithMean ? $"x => isna(x) ? {zero} : {standardized}"
                : $"x => {standardized}";
            chain = chain.Append(_env.Transforms.Expression(name, expression, name));
        }
        return new StandardizeTransformer(chain.Fit(input), columns, stats);
    }

    private static string Format(double value, bool isDouble)
    {
        var text = isDouble ? value.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
        text = text.Replace("E", "e", StringComparison.Ordinal);
        if (!text.Contains('.') && !text.Contains('e')) text += ".0";
        return text;
    }
}

/// <summary>A fitted <see cref="StandardizeEstimator"/>: the mean and sample std of each column.</summary>
public sealed class StandardizeTransformer : BuiltInChainTransformer
{
    internal StandardizeTransformer(ITransformer chain, IReadOnlyList<string> columns, IReadOnlyDictionary<string, (double Mean, double Std)> statistics)
        : base(chain)
    {
        Columns = columns;
        Statistics = statistics;
    }

    /// <summary>The standardised columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Mean and sample standard deviation (ddof = 1) per column, NaN skipped.</summary>
    public IReadOnlyDictionary<string, (double Mean, double Std)> Statistics { get; }
}
