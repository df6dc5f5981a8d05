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

    /// <summary>
    /// Built-ins with the schema effect of a numeric transform: integers become Double, others keep their type. At most
    /// two multi-column transforms, not one per column: each transform's schema step costs as much as the table is wide.
    /// </summary>
    public static IEstimator<ITransformer> OutputShape(MLContext env, IReadOnlyList<InputOutputColumnPair> pairs, Func<string, ColumnInfo> column)
    {
        var shape = new EstimatorChain<ITransformer>(); // typed: Append keeps it flat
        // CopyColumns takes one pair only; a conversion to the column's own type has the same effect on the schema.
        foreach (var group in pairs.GroupBy(p => column(p.InputColumnName).IsInteger || column(p.InputColumnName).ItemType == NumberDataViewType.Double))
            shape = shape.Append<ITransformer>(env.Transforms.Conversion.ConvertType(group.ToArray(), group.Key ? DataKind.Double : DataKind.Single));
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
    /// Fits the per-column steps of a numeric transform: one <c>ConvertType</c> to Double for every integer input, into
    /// the pair's output (or its working name, <paramref name="working"/>), then <paramref name="step"/>'s estimator for
    /// each pair (given the column it should read and whether that is Double; null for no step), each fitted on the one
    /// converted view. An <c>EstimatorChain</c> would apply every fitted step to the data before fitting the next, a
    /// schema step per column that costs as much as the table is wide: quadratic in the number of columns (D28).
    /// </summary>
    public static TransformerChain<ITransformer> FitColumns(MLContext env, IDataView input, IReadOnlyList<InputOutputColumnPair> pairs,
        Func<string, string> working, Func<int, string, bool, IEstimator<ITransformer>?> step)
    {
        var steps = new List<ITransformer>();
        var conversions = pairs.Where(p => IsInteger(input.Schema[p.InputColumnName].Type))
            .Select(p => new InputOutputColumnPair(working(p.OutputColumnName), p.InputColumnName)).ToArray();
        var view = input;
        if (conversions.Length > 0)
        {
            var convert = env.Transforms.Conversion.ConvertType(conversions, DataKind.Double).Fit(input);
            steps.Add(convert);
            view = convert.Transform(input);
        }
        for (int i = 0; i < pairs.Count; i++)
        {
            var type = input.Schema[pairs[i].InputColumnName].Type;
            bool integer = IsInteger(type);
            var estimator = step(i, integer ? working(pairs[i].OutputColumnName) : pairs[i].InputColumnName, integer || type == NumberDataViewType.Double);
            if (estimator is not null) steps.Add(estimator.Fit(view));
        }
        return new TransformerChain<ITransformer>(steps.ToArray());
    }

    /// <summary>Whether the input column of a pair is an integer column.</summary>
    public static bool IsInteger(DataViewType type) => type is NumberDataViewType && type != NumberDataViewType.Single && type != NumberDataViewType.Double;
}
