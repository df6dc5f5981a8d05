using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// Learns the mean of each numeric column (in double precision, skipping NaN, in numpy's summation order) and replaces
/// NaN by it: pandas' <c>df.fillna(df.mean(numeric_only=True))</c>. Unlike ML.NET's <c>ReplaceMissingValues</c>,
/// ±Infinity take part in the mean (so may propagate) and an all-NaN column stays NaN by default.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Does this estimator need to look at the data to train its parameters?</term><description>Yes (one pass)</description></item>
/// <item><term>Input column data type</term><description>Scalar <see cref="float"/> or <see cref="double"/></description></item>
/// <item><term>Output column data type</term><description>Same as the input, in place</description></item>
/// <item><term>Saved as</term><description>ML.NET <c>Expression</c> transforms with the means baked in</description></item>
/// </list>
/// </remarks>
public sealed class FillNaMeanEstimator : IEstimator<FillNaMeanTransformer>
{
    private readonly FillNaMeanOptions _options;
    private readonly MLContext _env = new(seed: 0); // built-in transforms only: deterministic, the seed is irrelevant

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.FillNaMean(...)</c>.</summary>
    public FillNaMeanEstimator(FillNaMeanOptions? options = null) => _options = options ?? new FillNaMeanOptions();

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ResolveColumns(ColumnInfo.Of(inputSchema));
        return inputSchema; // filled in place: same names, same types
    }

    private string[] ResolveColumns(IEnumerable<ColumnInfo> schema) => ColumnSelection.ResolveFloating("FillNaMean", _options.Columns, schema,
        "Integer and boolean columns have no NaN to fill; convert other types with mlContext.Transforms.Conversion.ConvertType.");

    /// <inheritdoc/>
    public FillNaMeanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = ResolveColumns(ColumnInfo.Of(input.Schema));
        var means = ComputeMeans(input, columns);
        var warnings = new List<string>();
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        var filled = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in columns)
        {
            double mean = means[name].Mean;
            double fill = mean;
            if (means[name].Count == 0)
            {
                switch (_options.AllMissing)
                {
                    case AllMissingPolicy.Throw:
                        throw new InvalidOperationException($"FillNaMean: column '{name}' has no non-missing value, so it has no mean. Drop the column, or set AllMissing to KeepNaN or FillZero.");
                    case AllMissingPolicy.FillZero:
                        fill = 0.0;
                        break;
                    default:
                        var warning = $"FillNaMean: column '{name}' has no non-missing value; it stays NaN (as in pandas). Set AllMissing = FillZero to fill it with 0, or drop it.";
                        warnings.Add(warning);
                        _options.Log?.Invoke(warning);
                        System.Diagnostics.Trace.TraceWarning(warning);
                        break;
                }
            }
            filled[name] = fill;
            if (double.IsNaN(fill)) continue; // filling NaN with NaN is the identity
            bool isDouble = input.Schema[name].Type == NumberDataViewType.Double;
            chain = chain.Append(_env.Transforms.Expression(name, $"x => isna(x) ? {ExpressionLiteral.Of(fill, isDouble)} : x", name));
        }
        var fitted = chain.Fit(input);
        return new FillNaMeanTransformer(fitted, columns, means.ToDictionary(kv => kv.Key, kv => kv.Value.Mean), filled, warnings);
    }

    private static Dictionary<string, (double Mean, long Count)> ComputeMeans(IDataView input, string[] columns)
    {
        var values = ColumnStatistics.Read(input, columns);
        var result = new Dictionary<string, (double, long)>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++) result[columns[i]] = ColumnStatistics.Mean(values[i]);
        return result;
    }
}
