using System.Globalization;
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

    private string[] ResolveColumns(IEnumerable<ColumnInfo> schema) => ColumnSelection.Resolve("FillNaMean", _options.Columns, schema,
        c => c.IsScalar && (c.ItemType == NumberDataViewType.Single || c.ItemType == NumberDataViewType.Double),
        "scalar Single or Double columns",
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
            chain = chain.Append(_env.Transforms.Expression(name, $"x => isna(x) ? {Literal(fill, isDouble)} : x", name));
        }
        var fitted = chain.Fit(input);
        return new FillNaMeanTransformer(fitted, columns, means.ToDictionary(kv => kv.Key, kv => kv.Value.Mean), filled, warnings);
    }

    /// <summary>The expression-language literal of a fill value; double columns need the <c>d</c> suffix to keep all bits.</summary>
    private static string Literal(double value, bool isDouble)
    {
        if (double.IsPositiveInfinity(value)) return isDouble ? "1d/0d" : "1/0";
        if (double.IsNegativeInfinity(value)) return isDouble ? "-1d/0d" : "-1/0";
        var text = isDouble ? value.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        text = text.Replace("E", "e", StringComparison.Ordinal);
        return text.StartsWith('-') ? $"({text}{(isDouble ? "d" : "")})" : text + (isDouble ? "d" : "");
    }

    private static Dictionary<string, (double Mean, long Count)> ComputeMeans(IDataView input, string[] columns)
    {
        var result = new Dictionary<string, (double, long)>(StringComparer.Ordinal);
        if (columns.Length == 0) return result;
        var schemaColumns = columns.Select(c => input.Schema[c]).ToArray();
        var buffers = columns.Select(_ => new List<double>()).ToArray();
        var counts = new long[columns.Length];
        using (var cursor = input.GetRowCursor(schemaColumns))
        {
            var getters = schemaColumns.Select(c => DoubleGetter(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                for (int i = 0; i < getters.Length; i++)
                {
                    double v = getters[i]();
                    // pandas' nanmean: NaN becomes 0 in the sum and is not counted.
                    if (double.IsNaN(v)) buffers[i].Add(0.0);
                    else { buffers[i].Add(v); counts[i]++; }
                }
            }
        }
        for (int i = 0; i < columns.Length; i++)
        {
            double sum = NumpySum.Sum(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffers[i]));
            result[columns[i]] = (counts[i] == 0 ? double.NaN : sum / counts[i], counts[i]);
        }
        return result;
    }

    private static Func<double> DoubleGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Double)
        {
            var getter = cursor.GetGetter<double>(column);
            double value = 0;
            return () => { getter(ref value); return value; };
        }
        var single = cursor.GetGetter<float>(column);
        float f = 0;
        return () => { single(ref f); return f; };
    }
}
