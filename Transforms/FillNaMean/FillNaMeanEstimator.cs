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
        // numpy sums the whole column at once, so keep it (NaN as 0, as pandas' nanmean does); size it once when known.
        int capacity = (int)Math.Min(input.GetRowCount() ?? 1024, int.MaxValue / 2);
        var values = columns.Select(_ => new double[Math.Max(capacity, 16)]).ToArray();
        var counts = new long[columns.Length];
        int rows = 0;
        using (var cursor = input.GetRowCursor(schemaColumns))
        {
            var readers = schemaColumns.Select(c => ValueReader.For(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                if (rows == values[0].Length)
                    for (int i = 0; i < values.Length; i++) Array.Resize(ref values[i], rows * 2);
                for (int i = 0; i < readers.Length; i++)
                {
                    double v = readers[i].Read();
                    if (double.IsNaN(v)) v = 0.0;
                    else counts[i]++;
                    values[i][rows] = v;
                }
                rows++;
            }
        }
        for (int i = 0; i < columns.Length; i++)
        {
            double sum = NumpySum.Sum(values[i].AsSpan(0, rows));
            result[columns[i]] = (counts[i] == 0 ? double.NaN : sum / counts[i], counts[i]);
        }
        return result;
    }

    /// <summary>Reads a Single or Double column as double without a closure per value.</summary>
    private sealed class ValueReader
    {
        private readonly ValueGetter<double>? _double;
        private readonly ValueGetter<float>? _single;
        private double _d;
        private float _f;

        private ValueReader(ValueGetter<double>? d, ValueGetter<float>? f) { _double = d; _single = f; }

        public static ValueReader For(DataViewRowCursor cursor, DataViewSchema.Column column)
            => column.Type == NumberDataViewType.Double
                ? new ValueReader(cursor.GetGetter<double>(column), null)
                : new ValueReader(null, cursor.GetGetter<float>(column));

        public double Read()
        {
            if (_double is not null) { _double(ref _d); return _d; }
            _single!(ref _f);
            return _f;
        }
    }
}
