using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>A fitted <see cref="FillNaMeanEstimator"/>: the learned means and the values NaN is replaced with.</summary>
public sealed class FillNaMeanTransformer : BuiltInChainTransformer
{
    internal FillNaMeanTransformer(ITransformer chain, IReadOnlyList<InputOutputColumnPair> pairs,
        IReadOnlyDictionary<string, double> means, IReadOnlyDictionary<string, double> fillValues, IReadOnlyList<string> integerColumns,
        IReadOnlyList<string> warnings, IReadOnlyList<string> allMissingColumns)
        : base(chain)
    {
        ColumnPairs = pairs;
        Columns = pairs.Select(p => p.OutputColumnName).ToArray();
        Means = means;
        FillValues = fillValues;
        IntegerColumns = integerColumns;
        Warnings = warnings;
        AllMissingColumns = allMissingColumns;
    }

    /// <summary>The filled (output, input) column pairs, in input order.</summary>
    public IReadOnlyList<InputOutputColumnPair> ColumnPairs { get; }

    /// <summary>The filled output columns, in input order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// Mean of each output column's input over its non-NaN values: NaN when it had none (<see cref="AllMissingColumns"/>),
    /// and also when they hold both +∞ and −∞, as in pandas.
    /// </summary>
    public IReadOnlyDictionary<string, double> Means { get; }

    /// <summary>The value NaN is replaced with in each output column (the mean, or per <see cref="AllMissingPolicy"/>).</summary>
    public IReadOnlyDictionary<string, double> FillValues { get; }

    /// <summary>Output columns whose input was an integer column at fit time: they are Double in the output.</summary>
    public IReadOnlyList<string> IntegerColumns { get; }

    /// <summary>Warnings raised while fitting (e.g. all-NaN columns kept NaN).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Output columns whose input had no non-NaN value at fit time, so no mean (handled per <see cref="AllMissingPolicy"/>).</summary>
    public IReadOnlyList<string> AllMissingColumns { get; }
}
