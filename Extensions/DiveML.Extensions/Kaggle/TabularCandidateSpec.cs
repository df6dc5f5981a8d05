using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Scale;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// One candidate of the Kaggle workflow as data: its name, the model (a DiveML network with its
/// <see cref="NetworkSpec"/>, or one of <see cref="TabularTrainers.Names"/>). <see cref="ToGridCandidate"/> rebuilds the
/// featurizer and trainer from it — in this process for an in-process grid, or in a worker for one unit of work — so
/// both give the same pipeline.
/// </summary>
/// <param name="Name">The candidate's name in the reports (e.g. <c>mlp hidden=256 dropout=0.5 lr=0.002 wd=0.001</c>).</param>
/// <param name="Model">linear, softmax, logistic, mlp, or an ML.NET trainer name.</param>
/// <param name="Network">The network's options; null for an ML.NET trainer.</param>
public sealed record TabularCandidateSpec(string Name, string Model, NetworkSpec? Network)
{
    /// <summary>
    /// The grid candidate: <see cref="TabularPipeline.Featurizer"/>, then the trainer and <see cref="TabularPipeline.Head"/>.
    /// An ML.NET trainer is seeded with <paramref name="seed"/> and built afresh for every fit; a network keeps its own
    /// seed and receives each fold's held-out rows as validation data (curves only).
    /// </summary>
    /// <param name="ml">The context.</param>
    /// <param name="data">The data the candidate is cross-validated on.</param>
    /// <param name="logTarget">Regression: the network learns log(label).</param>
    /// <param name="seed">Seed of the ML.NET trainers.</param>
    /// <param name="progress">Called after every epoch of a network (live progress); null for none.</param>
    public GridCandidate ToGridCandidate(MLContext ml, TabularData data, bool logTarget, int seed, Action<EpochRecord>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        if (Network is null)
        {
            // SDCA shuffles with its context's generator, which one estimator reused across folds would carry from fold
            // to fold: a fresh context (seeded) and estimator per fit make each fold independent of the folds before it,
            // so a fold fitted alone, as a unit of work, equals the same fold in a loop.
            return new GridCandidate(Name, TabularPipeline.Featurizer(ml, data),
                _ => TabularPipeline.Head(ml, data, TabularTrainers.Create(new MLContext(seed), Model, data.Task, seed, data.Columns.Label, data.Columns.Features), logTarget));
        }
        var options = Network.ToOptions();
        options.Progress = progress;
        options.LabelColumnName = data.Columns.Label;
        options.FeatureColumnName = data.Columns.Features;
        return GridCandidate.ForNetwork(Name, TabularPipeline.Featurizer(ml, data), options,
            copy => TabularPipeline.Head(ml, data, TabularTrainers.Network(ml, copy, data.Task), logTarget));
    }
}
