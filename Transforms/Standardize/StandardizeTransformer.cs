using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>A fitted <see cref="StandardizeEstimator"/>: the mean and sample std of each column.</summary>
public sealed class StandardizeTransformer : BuiltInChainTransformer
{
    internal StandardizeTransformer(ITransformer chain, IReadOnlyList<InputOutputColumnPair> pairs, IReadOnlyDictionary<string, (double Mean, double Std)> statistics)
        : base(chain)
    {
        ColumnPairs = pairs;
        Columns = pairs.Select(p => p.OutputColumnName).ToArray();
        Statistics = statistics;
    }

    /// <summary>The standardised (output, input) column pairs.</summary>
    public IReadOnlyList<InputOutputColumnPair> ColumnPairs { get; }

    /// <summary>The standardised output columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Mean and sample standard deviation (ddof = 1) of each output column's input, NaN skipped.</summary>
    public IReadOnlyDictionary<string, (double Mean, double Std)> Statistics { get; }
}
