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

    private string[] ResolveColumns(IEnumerable<ColumnInfo> schema) => ColumnSelection.ResolveFloating("Standardize", _options.Columns, schema,
        "Convert integer columns first with mlContext.Transforms.Conversion.ConvertType(..., DataKind.Double).");

    /// <inheritdoc/>
    public StandardizeTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = ResolveColumns(ColumnInfo.Of(input.Schema));
        var values = ColumnStatistics.Read(input, columns);
        var stats = columns.Select((c, i) => (c, ColumnStatistics.MeanAndStd(values[i]))).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var name in columns)
        {
            var (mean, std) = stats[name];
            bool isDouble = input.Schema[name].Type == NumberDataViewType.Double;
            string zero = ExpressionLiteral.Of(0, isDouble);
            string expression;
            if (!(std > 0 && double.IsFinite(std) && double.IsFinite(mean)))
                expression = $"x => {zero}";
            else
            {
                string standardized = $"(x - {ExpressionLiteral.Of(mean, isDouble)}) / {ExpressionLiteral.Of(std, isDouble)}";
                expression = _options.FillMissingWithMean ? $"x => isna(x) ? {zero} : {standardized}" : $"x => {standardized}";
            }
            chain = chain.Append(_env.Transforms.Expression(name, expression, name));
        }
        return new StandardizeTransformer(chain.Fit(input), columns, stats);
    }
}
