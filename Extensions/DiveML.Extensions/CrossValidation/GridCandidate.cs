using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>One candidate of a grid: a name for the report, a featurizer and the trainer that follows it.</summary>
/// <param name="Name">Short description, e.g. <c>mlp hidden=256 dropout=0.5</c>.</param>
/// <param name="Featurizer">Preprocessing, fitted per fold.</param>
/// <param name="Trainer">Builds the trainer part; gets the fold's featurized held-out data (null for the final refit).</param>
public sealed record GridCandidate(string Name, IEstimator<ITransformer> Featurizer, Func<IDataView?, IEstimator<ITransformer>> Trainer)
{
    /// <summary>A candidate that is one plain pipeline.</summary>
    public GridCandidate(string name, IEstimator<ITransformer> pipeline) : this(name, new EstimatorChain<ITransformer>(), _ => pipeline) { }
}
