using DiveML.Extensions.CrossValidation;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// Fits one <see cref="TabularUnit"/> in this process: reads the data (refusing a file whose hash differs), rebuilds the
/// candidate and the folds from the unit, and fits its fold with <see cref="CrossValidator.RunFold"/> — the code an
/// in-process grid runs, so the numbers are the same.
/// </summary>
public static class TabularUnitRunner
{
    // A worker fits many units of the same data: keep the last data set read (and its labelled rows).
    private static readonly object Gate = new();
    private static (string Key, TabularData Data, IDataView Train)? _last;

    /// <summary>Fits the unit and returns its fold's outcome.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="progress">Called after every epoch of a network; null for none.</param>
    public static FoldOutcome Run(TabularUnit unit, Action<EpochRecord>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        // The Kaggle workflow's context seed (dive kaggle uses MLContext(0)); nothing in a fold draws from it but
        // ML.NET trainers that are not seeded themselves.
        var ml = new MLContext(0);
        var (data, train) = Load(ml, unit.Run);
        var candidate = unit.Candidate.ToGridCandidate(ml, data, unit.Run.LogTarget, unit.Run.Seed, progress);
        var options = unit.Run.CrossValidationOptions(data);
        var plan = CrossValidator.Plan(ml, train, options);
        return CrossValidator.RunFold(ml, train, candidate.Featurizer, valid => candidate.Trainer(valid), options, plan, unit.Fold);
    }

    private static (TabularData Data, IDataView Train) Load(MLContext ml, TabularRunSpec run)
    {
        var key = Scale.UnitJson.Write(run with { Folds = 0, Mode = default, Seed = 0, Metric = "" });
        lock (Gate)
        {
            if (_last is { } last && last.Key == key && Scale.DataFiles.Sha256(run.TrainPath) == run.DataHash) return (last.Data, last.Train);
            var data = run.Load();
            var train = run.LabelledTrain(ml, data);
            _last = (key, data, train);
            return (data, train);
        }
    }
}
