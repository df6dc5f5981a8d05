using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Scale;
using Microsoft.ML;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// Everything of a Kaggle cross-validation run but its candidates, as data: where the training file is and what its
/// bytes hash to, how it is read (label, id, task, dropped columns, log target) and how it is cross-validated (folds,
/// mode, seed, metric). A worker rebuilds the data and the folds from it and refuses a file whose content differs.
/// </summary>
public sealed record TabularRunSpec
{
    /// <summary>The training CSV, as an absolute path every worker can read (the same file on every machine, or a shared folder).</summary>
    public required string TrainPath { get; init; }
    /// <summary>SHA-256 of the training file's bytes (<see cref="DataFiles.Sha256"/>).</summary>
    public required string DataHash { get; init; }
    /// <summary>The label column.</summary>
    public required string Label { get; init; }
    /// <summary>The id column, or null.</summary>
    public string? Id { get; init; }
    /// <summary>The resolved task (never Auto).</summary>
    public required TabularTask Task { get; init; }
    /// <summary>Columns left out of the features.</summary>
    public IReadOnlyList<string> Drop { get; init; } = [];
    /// <summary>Regression: networks learn log(label).</summary>
    public bool LogTarget { get; init; }
    /// <summary>Number of folds.</summary>
    public required int Folds { get; init; }
    /// <summary>How rows are dealt into folds.</summary>
    public FoldMode Mode { get; init; }
    /// <summary>Seed of shuffled and stratified folds and of the ML.NET trainers.</summary>
    public int Seed { get; init; }
    /// <summary>The metric that ranks models.</summary>
    public required string Metric { get; init; }

    /// <summary>
    /// Reads the training file as the run was planned: refuses it when its bytes no longer hash to
    /// <see cref="DataHash"/> (another file at the same path, an edited or half-copied file).
    /// </summary>
    public TabularData Load()
    {
        var hash = DataFiles.Sha256(TrainPath);
        if (hash != DataHash)
            throw new InvalidDataException($"{TrainPath} is not the file this run was planned with: its content hash is {hash[..12]}…, the run's is {DataHash[..12]}…. " +
                "Every worker must read the same training file: copy it to the same path on every machine or use a shared folder.");
        return TabularData.Load(TrainPath, null, Label, Id, Task, Drop);
    }

    /// <summary>The cross-validation options of the run for <paramref name="data"/>.</summary>
    public CrossValidationOptions CrossValidationOptions(TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cv = TabularPipeline.CrossValidationOptions(data);
        cv.Folds = Folds;
        cv.Mode = Mode;
        cv.Seed = Seed;
        cv.PrimaryMetric = Metric;
        return cv;
    }

    /// <summary>The training rows with the label columns the pipeline reads (<see cref="TabularPipeline.PrepareLabels"/>).</summary>
    public IDataView LabelledTrain(MLContext ml, TabularData data) => TabularPipeline.PrepareLabels(ml, data, LogTarget).Transform(data.Train);
}
