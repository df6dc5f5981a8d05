using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// Learns the mean of each numeric column (in double precision, skipping NaN, in numpy's summation order) and replaces
/// NaN by it: pandas' <c>df.fillna(df.mean(numeric_only=True))</c>. Unlike ML.NET's <c>ReplaceMissingValues</c>,
/// ±Infinity take part in the mean (so may propagate) and an all-NaN column stays NaN by default.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator Characteristics
/// |  |  |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes (one pass) |
/// | Input column data type | Scalar <xref:System.Single>, <xref:System.Double> or an integer type |
/// | Output column data type | The input's type; integer columns become <xref:System.Double> |
/// | Saved as | ML.NET `Expression` transforms with the means written in (integers: `ConvertType` first) |
/// | Exportable to ONNX | No |
///
/// An integer column has no NaN to fill, so pandas leaves it as it is; but its mean is learned (pandas'
/// `mean(numeric_only=True)` includes it) and the column becomes Double, so a saved model also fills a new file in which
/// that column has missing values — pandas reads such a column as float64, and `test.fillna(train.mean())` fills it
/// with the training mean.
/// ]]></format>
/// </remarks>
/// <seealso cref="PandasTransformsCatalog.FillNaMean(TransformsCatalog, FillNaMeanOptions)"/>
public sealed class FillNaMeanEstimator : ColumnwiseEstimator<FillNaMeanTransformer>
{
    private readonly FillNaMeanOptions _options;

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.FillNaMean(...)</c>.</summary>
    public FillNaMeanEstimator(FillNaMeanOptions? options = null) : base("FillNaMean", options?.Columns)
        => _options = options ?? new FillNaMeanOptions();

    private protected override bool Accepts(ColumnInfo column) => NumericColumns.Accepts(column);

    private protected override string Expected => NumericColumns.Expected;

    private protected override string Hint => "Text and boolean columns have no mean; encode text with GetDummies.";

    private protected override IEstimator<ITransformer> OutputShape(IReadOnlyList<InputOutputColumnPair> pairs, Func<string, ColumnInfo> column)
        => NumericColumns.OutputShape(Env, pairs, column);

    private protected override FillNaMeanTransformer Fit(IDataView input, IReadOnlyList<InputOutputColumnPair> pairs, BlankColumnNames blanks)
    {
        var values = NumericColumns.Read(Env, input, pairs);
        var warnings = new List<string>();
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        var filled = new Dictionary<string, double>(StringComparer.Ordinal);
        var fills = new double[pairs.Count];
        var allMissing = new List<string>();
        for (int i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            string name = pair.OutputColumnName;
            var (mean, count) = ColumnStatistics.Mean(values[i]);
            double fill = mean;
            if (count == 0)
            {
                allMissing.Add(name);
                switch (_options.AllMissing)
                {
                    case AllMissingPolicy.Throw:
                        throw new InvalidOperationException($"FillNaMean: column '{pair.InputColumnName}' has no non-missing value, so it has no mean. Drop the column, or set AllMissing to KeepNaN or FillZero.");
                    case AllMissingPolicy.FillZero:
                        fill = 0.0;
                        break;
                    default:
                        var warning = $"FillNaMean: column '{pair.InputColumnName}' has no non-missing value; it stays NaN (as in pandas). Set AllMissing = FillZero to fill it with 0, or drop it.";
                        warnings.Add(warning);
                        _options.Log?.Invoke(warning);
                        System.Diagnostics.Trace.TraceWarning(warning);
                        break;
                }
            }
            means[name] = mean;
            filled[name] = fill;
            fills[i] = fill;
        }
        var chain = NumericColumns.FitColumns(Env, input, pairs, name => blanks[name], (i, source, isDouble) =>
        {
            string working = blanks[pairs[i].OutputColumnName];
            if (!double.IsNaN(fills[i]))
                return Env.Transforms.Expression(working, $"x => isna(x) ? {ExpressionLiteral.Of(fills[i], isDouble)} : x", source);
            return source != working ? Env.Transforms.CopyColumns(working, source) : null; // filling NaN with NaN is the identity
        });
        chain = blanks.Finish(Env, chain, input);
        var integers = pairs.Where(p => NumericColumns.IsInteger(input.Schema[p.InputColumnName].Type)).Select(p => p.OutputColumnName).ToArray();
        return new FillNaMeanTransformer(chain, pairs, means, filled, integers, warnings, allMissing);
    }
}
