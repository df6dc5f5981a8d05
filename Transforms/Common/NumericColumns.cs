using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// What FillNaMean and Standardize share about numeric columns: they accept Single, Double and integer columns; an
/// integer column becomes Double (pandas' float64, the type of a column that can hold NaN) through a built-in
/// <c>ConvertType</c>, which binds to whatever numeric type it meets when a saved model is applied — so a model fitted
/// on a file where a column held only integers also accepts a new file where that column has missing values.
/// </summary>
internal static class NumericColumns
{
    public const string Expected = "scalar numeric columns (Single, Double, or integers, which become Double)";

    public static bool Accepts(ColumnInfo column) => column.IsFloating || column.IsInteger;

    /// <summary>Built-ins with the schema effect of a numeric transform: integers become Double, others keep their type.</summary>
    public static IEstimator<ITransformer> OutputShape(MLContext env, IReadOnlyList<InputOutputColumnPair> pairs, Func<string, ColumnInfo> column)
    {
        var shape = new EstimatorChain<ITransformer>(); // typed: Append keeps it flat
        foreach (var pair in pairs)
            shape = column(pair.InputColumnName).IsInteger
                ? shape.Append<ITransformer>(env.Transforms.Conversion.ConvertType(pair.OutputColumnName, pair.InputColumnName, DataKind.Double))
                : shape.Append<ITransformer>(env.Transforms.CopyColumns(pair.OutputColumnName, pair.InputColumnName));
        return shape;
    }

    /// <summary>Every value of each pair's input column in row order, as doubles (integers converted exactly up to 2^53).</summary>
    public static double[][] Read(MLContext env, IDataView input, IReadOnlyList<InputOutputColumnPair> pairs)
    {
        var integers = pairs.Select(p => p.InputColumnName).Distinct()
            .Where(n => IsInteger(input.Schema[n].Type)).Select(n => new InputOutputColumnPair(n)).ToArray();
        var view = integers.Length == 0 ? input : env.Transforms.Conversion.ConvertType(integers, DataKind.Double).Fit(input).Transform(input);
        return ColumnStatistics.Read(view, pairs.Select(p => p.InputColumnName).ToArray());
    }

    /// <summary>
    /// Starts the per-column chain: for an integer input, a <c>ConvertType</c> to Double into <paramref name="output"/>
    /// (the pair's output, or its working name). Returns the column an <c>Expression</c> should read and whether it is Double.
    /// </summary>
    public static (EstimatorChain<ITransformer> Chain, string ExpressionInput, bool IsDouble) Begin(MLContext env, EstimatorChain<ITransformer> chain,
        IDataView input, InputOutputColumnPair pair, string output)
    {
        var type = input.Schema[pair.InputColumnName].Type;
        if (IsInteger(type))
            return (chain.Append<ITransformer>(env.Transforms.Conversion.ConvertType(output, pair.InputColumnName, DataKind.Double)), output, true);
        return (chain, pair.InputColumnName, type == NumberDataViewType.Double);
    }

    /// <summary>Whether the input column of a pair is an integer column.</summary>
    public static bool IsInteger(DataViewType type) => type is NumberDataViewType && type != NumberDataViewType.Single && type != NumberDataViewType.Double;
}
