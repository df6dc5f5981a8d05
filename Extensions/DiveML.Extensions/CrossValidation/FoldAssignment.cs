namespace DiveML.Extensions.CrossValidation;

/// <summary>Assigns each row a fold in 0..k−1.</summary>
public static class FoldAssignment
{
    /// <summary>The fold of each of <paramref name="rows"/> rows.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="folds">Number of folds k (2 ≤ k ≤ rows).</param>
    /// <param name="mode">How rows are dealt.</param>
    /// <param name="seed">Seed for <see cref="FoldMode.Shuffled"/> and <see cref="FoldMode.Stratified"/>.</param>
    /// <param name="classes">Class of each row; required for <see cref="FoldMode.Stratified"/>.</param>
    public static int[] Assign(int rows, int folds, FoldMode mode, int seed = 0, IReadOnlyList<int>? classes = null)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "K-fold cross-validation needs at least 2 folds.");
        if (folds > rows)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, rows < 2
                ? $"Cannot make {folds} folds from {rows} row{(rows == 1 ? "" : "s")}: cross-validation needs at least 2 rows."
                : $"Cannot make {folds} folds from {rows} rows: use at most {rows} folds.");
        var assignment = new int[rows];
        switch (mode)
        {
            case FoldMode.Contiguous:
                DealBlocks(Enumerable.Range(0, rows).ToArray(), folds, assignment);
                break;
            case FoldMode.Shuffled:
                var order = Enumerable.Range(0, rows).ToArray();
                new Random(seed).Shuffle(order);
                DealBlocks(order, folds, assignment);
                break;
            case FoldMode.Stratified:
                if (classes is null || classes.Count != rows)
                    throw new ArgumentException("Stratified folds need the class of every row (classification only).", nameof(classes));
                var random = new Random(seed);
                int next = 0;
                foreach (var group in Enumerable.Range(0, rows).GroupBy(i => classes[i]).OrderBy(g => g.Key))
                {
                    var members = group.ToArray();
                    random.Shuffle(members);
                    // Continue the round-robin where the previous class stopped, so fold sizes stay within one row too.
                    foreach (var row in members) assignment[row] = next++ % folds;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }
        return assignment;
    }

    private static void DealBlocks(int[] order, int folds, int[] assignment)
    {
        int size = order.Length / folds, extra = order.Length % folds, position = 0;
        for (int fold = 0; fold < folds; fold++)
        {
            int length = size + (fold < extra ? 1 : 0);
            for (int i = 0; i < length; i++) assignment[order[position++]] = fold;
        }
    }
}
