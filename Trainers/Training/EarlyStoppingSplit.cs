namespace DiveML.Trainers;

/// <summary>
/// Which training rows early stopping holds out: a seeded random fraction, per class for classification (each class
/// keeps its share, and at least one of its rows for training), so the held-out metric sees the classes as training does.
/// </summary>
internal static class EarlyStoppingSplit
{
    /// <summary>The 0-based rows to train on and the rows held out, each in ascending order.</summary>
    public static (int[] Fit, int[] HeldOut) Split(TrainingData data, EarlyStoppingOptions options, int trainerSeed, TrainingTask task)
    {
        int rows = data.Rows;
        if (rows < 2)
            throw new ArgumentException($"Early stopping holds out part of the training rows, but the training data has {rows} row{(rows == 1 ? "" : "s")}: train without EarlyStopping.");
        // Ensemble members shuffle with System.Random(EnsembleSeeds.Member(seed, k)), member 0 with the seed itself: a
        // different stream keeps the split independent of them.
        var random = new Random(options.Seed ?? unchecked(trainerSeed * -1640531535 + 97));
        var held = new List<int>();
        // Classes: the key index (multiclass) or the 0/1 target (binary).
        long[]? classes = task switch
        {
            TrainingTask.Multiclass => data.Classes,
            TrainingTask.Binary => data.Targets!.Select(t => (long)t).ToArray(),
            _ => null,
        };
        if (classes is not null)
        {
            var byClass = Enumerable.Range(0, rows).GroupBy(i => classes[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
            foreach (var members in byClass)
            {
                random.Shuffle(members);
                int take = Math.Min(Share(members.Length, options.ValidationFraction), members.Length - 1);
                held.AddRange(members.Take(take));
            }
            // A tiny table can round every class's share to zero: hold out one row of the largest class then.
            if (held.Count == 0)
            {
                var largest = byClass.OrderByDescending(m => m.Length).First();
                if (largest.Length >= 2) held.Add(largest[0]);
            }
        }
        else
        {
            var order = Enumerable.Range(0, rows).ToArray();
            random.Shuffle(order);
            held.AddRange(order.Take(Math.Clamp(Share(rows, options.ValidationFraction), 1, rows - 1)));
        }
        if (held.Count == 0)
            throw new ArgumentException($"Early stopping cannot hold out rows of {rows} training rows with one row per class: train without EarlyStopping.");
        held.Sort();
        var isHeld = new bool[rows];
        foreach (var row in held) isHeld[row] = true;
        return (Enumerable.Range(0, rows).Where(i => !isHeld[i]).ToArray(), held.ToArray());
    }

    private static int Share(int count, double fraction) => (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);
}
