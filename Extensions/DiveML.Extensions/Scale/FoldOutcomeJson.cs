using DiveML.Extensions.CrossValidation;
using DiveML.Trainers;

namespace DiveML.Extensions.Scale;

/// <summary>
/// A fold's outcome as JSON — metrics of both parts, fit seconds, the network's epoch history and best epoch, the
/// held-out rows' predictions — so a fold fitted by a worker comes back with exactly the numbers it had there (doubles
/// round-trip; metric order is kept). The fitted model itself does not travel.
/// </summary>
public static class FoldOutcomeJson
{
    private sealed record Predictions(CrossValidationTask Task, int Count, double[]? Values, double[]? Targets, double[][]? Probabilities,
        int[]? Predicted, double[]? Scores, int[]? Classes);

    private sealed record Fold(int Number, Dictionary<string, double> Train, Dictionary<string, double> Valid, double Seconds,
        List<EpochRecord>? History, int? BestEpoch, Predictions HeldOut);

    /// <summary>The JSON text of <paramref name="outcome"/>.</summary>
    public static string Write(FoldOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var (result, held) = (outcome.Result, outcome.HeldOut);
        return UnitJson.Write(new Fold(result.Fold, new Dictionary<string, double>(result.Train), new Dictionary<string, double>(result.Valid), result.Seconds,
            result.History?.ToList(), result.BestEpoch,
            new Predictions(held.Task, held.Count, held.Values?.ToArray(), held.Targets?.ToArray(), held.Probabilities?.Select(p => p.ToArray()).ToArray(),
                held.PredictedClasses?.ToArray(), held.Scores?.ToArray(), held.Classes?.ToArray())));
    }

    /// <summary>Reads a fold outcome written by <see cref="Write"/>.</summary>
    public static FoldOutcome Read(string json)
    {
        var fold = UnitJson.Read<Fold>(json, "stored fold result");
        var p = fold.HeldOut ?? throw new InvalidDataException("The stored fold result has no held-out predictions.");
        return new FoldOutcome(new FoldResult(fold.Number, fold.Train, fold.Valid, fold.Seconds, fold.History) { BestEpoch = fold.BestEpoch },
            RowPredictions.FromLists(p.Task, p.Count, p.Values, p.Targets, p.Probabilities, p.Predicted, p.Scores, p.Classes));
    }
}
