using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>A fitted <see cref="StandardizeEstimator"/>: the mean and sample std of each column.</summary>
public sealed class StandardizeTransformer : BuiltInChainTransformer
{
    internal StandardizeTransformer(ITransformer chain, IReadOnlyList<string> columns, IReadOnlyDictionary<string, (double Mean, double Std)> statistics)
        : base(chain)
    {
        Columns = columns;
        Statistics = statistics;
    }

    /// <summary>The standardised columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Mean and sample standard deviation (ddof = 1) per column, NaN skipped.</summary>
    public IReadOnlyDictionary<string, (double Mean, double Std)> Statistics { get; }
}
