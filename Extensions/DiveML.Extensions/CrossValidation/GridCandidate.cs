using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>One candidate of a grid: a name for the report, a featurizer and the trainer that follows it.</summary>
/// <param name="Name">Short description, e.g. <c>mlp hidden=256 dropout=0.5</c> or <c>lightgbm</c>.</param>
/// <param name="Featurizer">Preprocessing, fitted per fold.</param>
/// <param name="Trainer">Builds the trainer part; gets the fold's featurized held-out data (null for the final refit).</param>
public sealed record GridCandidate(string Name, IEstimator<ITransformer> Featurizer, Func<IDataView?, IEstimator<ITransformer>> Trainer)
{
    /// <summary>A candidate that is one plain pipeline.</summary>
    public GridCandidate(string name, IEstimator<ITransformer> pipeline) : this(name, new EstimatorChain<ITransformer>(), _ => pipeline) { }

    /// <summary>
    /// For a network that stops early in the folds: builds the refit's trainer, which trains on all rows for the given
    /// number of epochs (the median of the folds' best epochs, <see cref="CrossValidationReport.RefitEpochs"/>) without
    /// early stopping. Null: the refit uses <see cref="Trainer"/>(null). <see cref="ForNetwork"/> sets it.
    /// </summary>
    public Func<int, IEstimator<ITransformer>>? RefitTrainer { get; init; }

    /// <summary>
    /// True when the refit on all rows does not depend on how the folds went: no <see cref="RefitTrainer"/>, or a network
    /// without early stopping (<see cref="ForNetwork"/>). Such a refit can be fitted while the folds are.
    /// </summary>
    internal bool RefitIgnoresFolds
    {
        get => RefitTrainer is null || _refitIgnoresFolds;
        init => _refitIgnoresFolds = value;
    }

    private readonly bool _refitIgnoresFolds;

    /// <summary>
    /// A candidate whose trainer is a DiveML network built from <paramref name="options"/>: each fold's copy gets the
    /// fold's held-out rows as <see cref="DiveML.Trainers.TorchTrainerOptions.ValidationData"/> (learning curves only),
    /// and when the folds stopped early the refit trains for their median best epoch.
    /// </summary>
    /// <param name="name">The candidate's name.</param>
    /// <param name="featurizer">Preprocessing, fitted per fold.</param>
    /// <param name="options">The network's options (not modified; copies are made).</param>
    /// <param name="build">Builds the trainer part from options (e.g. the catalog method, followed by any output columns).</param>
    public static GridCandidate ForNetwork(string name, IEstimator<ITransformer> featurizer, DiveML.Trainers.TorchTrainerOptions options,
        Func<DiveML.Trainers.TorchTrainerOptions, IEstimator<ITransformer>> build)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(build);
        return new GridCandidate(name, featurizer, valid =>
        {
            var copy = options.Clone();
            copy.ValidationData = valid;
            return build(copy);
        })
        {
            RefitTrainer = epochs =>
            {
                var copy = options.Clone();
                copy.ValidationData = null;
                copy.EarlyStopping = null;
                copy.Epochs = epochs;
                return build(copy);
            },
            RefitIgnoresFolds = options.EarlyStopping is null,
        };
    }
}
