namespace DiveML.Transforms;

/// <summary>A fitted <see cref="FillNaMeanEstimator"/>: the learned means and the values NaN is replaced with.</summary>
public sealed class FillNaMeanTransformer : BuiltInChainTransformer
{
    internal FillNaMeanTransformer(Microsoft.ML.ITransformer chain, IReadOnlyList<string> columns,
        IReadOnlyDictionary<string, double> means, IReadOnlyDictionary<string, double> fillValues, IReadOnlyList<string> warnings)
        : base(chain)
    {
        Columns = columns;
        Means = means;
        FillValues = fillValues;
        Warnings = warnings;
    }

    /// <summary>The filled columns, in input order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Mean of each column over its non-NaN values (NaN when the column had none).</summary>
    public IReadOnlyDictionary<string, double> Means { get; }

    /// <summary>The value NaN is replaced with in each column (the mean, or per <see cref="AllMissingPolicy"/>).</summary>
    public IReadOnlyDictionary<string, double> FillValues { get; }

    /// <summary>Warnings raised while fitting (e.g. all-NaN columns kept NaN).</summary>
    public IReadOnlyList<string> Warnings { get; }
}
