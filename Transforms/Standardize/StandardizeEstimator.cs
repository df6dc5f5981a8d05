using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// Learns each column's mean and sample standard deviation (ddof = 1, NaN skipped, as pandas) and maps x to
/// (x − mean) / std, as d2l 4.10 does for the Kaggle house prices. NaN stays NaN (fill it afterwards, or set
/// <see cref="StandardizeOptions.FillMissingWithMean"/>). A column whose std is 0 or undefined (constant, or fewer than
/// two values) becomes 0 everywhere, which is what pandas' NaN followed by d2l's <c>fillna(0)</c> gives, instead of
/// infinities on new data.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator Characteristics
/// |  |  |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes (one pass) |
/// | Input column data type | Scalar <xref:System.Single>, <xref:System.Double> or an integer type |
/// | Output column data type | The input's type; integer columns become <xref:System.Double> |
/// | Saved as | ML.NET `Expression` transforms with the statistics written in (integers: `ConvertType` first) |
/// | Exportable to ONNX | No |
///
/// Unlike ML.NET's `NormalizeMeanVariance`, the standard deviation is the sample one (ddof = 1) and the output keeps
/// the input's floating-point type (Double stays Double).
/// ]]></format>
/// </remarks>
/// <seealso cref="PandasTransformsCatalog.Standardize(TransformsCatalog, StandardizeOptions)"/>
public sealed class StandardizeEstimator : ColumnwiseEstimator<StandardizeTransformer>
{
    private readonly StandardizeOptions _options;

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.Standardize(...)</c>.</summary>
    public StandardizeEstimator(StandardizeOptions? options = null) : base("Standardize", options?.Columns)
        => _options = options ?? new StandardizeOptions();

    private protected override bool Accepts(ColumnInfo column) => NumericColumns.Accepts(column);

    private protected override string Expected => NumericColumns.Expected;

    private protected override string Hint => "Text and boolean columns have no mean; encode text with GetDummies, convert booleans with ConvertType.";

    private protected override IEstimator<ITransformer> OutputShape(IReadOnlyList<InputOutputColumnPair> pairs, Func<string, ColumnInfo> column)
        => NumericColumns.OutputShape(Env, pairs, column);

    private protected override StandardizeTransformer Fit(IDataView input, IReadOnlyList<InputOutputColumnPair> pairs, BlankColumnNames blanks)
    {
        var values = NumericColumns.Read(Env, input, pairs);
        var stats = new Dictionary<string, (double Mean, double Std)>(StringComparer.Ordinal);
        for (int i = 0; i < pairs.Count; i++)
        {
            var (mean, std) = ColumnStatistics.MeanAndStd(values[i]);
            stats[pairs[i].OutputColumnName] = (mean, std);
        }
        var chain = NumericColumns.FitColumns(Env, input, pairs, name => blanks[name], (i, source, isDouble) =>
        {
            var (mean, std) = stats[pairs[i].OutputColumnName];
            string zero = ExpressionLiteral.Of(0, isDouble);
            string expression;
            if (!(std > 0 && double.IsFinite(std) && double.IsFinite(mean)))
                expression = $"x => {zero}";
            else
            {
                string standardized = $"(x - {ExpressionLiteral.Of(mean, isDouble)}) / {ExpressionLiteral.Of(std, isDouble)}";
                expression = _options.FillMissingWithMean ? $"x => isna(x) ? {zero} : {standardized}" : $"x => {standardized}";
            }
            return Env.Transforms.Expression(blanks[pairs[i].OutputColumnName], expression, source);
        });
        chain = blanks.Finish(Env, chain, input);
        return new StandardizeTransformer(chain, pairs, stats);
    }
}
