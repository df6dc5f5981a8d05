namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// One model's predictions for a set of rows, in row order, and optionally their true labels: regression values in the
/// label's units, or per-class probabilities and the predicted class. Read from a scored view by
/// <see cref="PredictionReader"/>; averaged over fold models by <see cref="Average"/>; scored by
/// <see cref="CrossValidationMetrics.Compute"/>.
/// </summary>
/// <remarks>
/// Classes are 0-based indices in the label's order: for a binary task 0 is false (negative) and 1 true (positive), and
/// <see cref="Probabilities"/> holds [1 − p, p]; for a multiclass task they are the label key's order (key value − 1).
/// </remarks>
public sealed class RowPredictions
{
    private RowPredictions(CrossValidationTask task, int count, double[]? values, double[]? targets, double[][]? probabilities,
        int[]? predictedClasses, double[]? scores, int[]? classes)
    {
        Task = task;
        Count = count;
        Values = values;
        Targets = targets;
        Probabilities = probabilities;
        PredictedClasses = predictedClasses;
        Scores = scores;
        Classes = classes;
    }

    /// <summary>Regression predictions (label units), with the targets when known.</summary>
    /// <param name="values">Prediction per row.</param>
    /// <param name="targets">True value per row, or null.</param>
    public static RowPredictions ForRegression(double[] values, double[]? targets = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        SameLength(values.Length, targets?.Length);
        return new(CrossValidationTask.Regression, values.Length, values, targets, null, null, null, null);
    }

    /// <summary>Binary predictions.</summary>
    /// <param name="probabilities">Probability of the positive class (true) per row.</param>
    /// <param name="predicted">Predicted label per row.</param>
    /// <param name="scores">The model's ranking score per row (ML.NET's <c>Score</c>), or null to rank by probability.</param>
    /// <param name="labels">True label per row, or null.</param>
    public static RowPredictions ForBinary(double[] probabilities, bool[] predicted, double[]? scores = null, bool[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(predicted);
        SameLength(probabilities.Length, predicted.Length, scores?.Length, labels?.Length);
        return new(CrossValidationTask.Binary, probabilities.Length, null, null, probabilities.Select(p => new[] { 1 - p, p }).ToArray(),
            predicted.Select(p => p ? 1 : 0).ToArray(), scores, labels?.Select(l => l ? 1 : 0).ToArray());
    }

    /// <summary>Multiclass predictions.</summary>
    /// <param name="probabilities">Class probabilities per row (one per class, in key order).</param>
    /// <param name="predicted">Predicted class index per row.</param>
    /// <param name="labels">True class index per row, or null.</param>
    public static RowPredictions ForMulticlass(double[][] probabilities, int[] predicted, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(predicted);
        SameLength(probabilities.Length, predicted.Length, labels?.Length);
        return new(CrossValidationTask.Multiclass, probabilities.Length, null, null, probabilities, predicted, null, labels);
    }

    /// <summary>Rebuilds predictions from their lists as they were (e.g. read back from JSON); the lists must suit the task.</summary>
    internal static RowPredictions FromLists(CrossValidationTask task, int count, double[]? values, double[]? targets, double[][]? probabilities,
        int[]? predictedClasses, double[]? scores, int[]? classes)
    {
        bool regression = task == CrossValidationTask.Regression;
        if (regression ? values is null || probabilities is not null : probabilities is null || predictedClasses is null || values is not null)
            throw new InvalidDataException($"Stored {task.ToString().ToLowerInvariant()} predictions lack the lists that task needs.");
        SameLength(count, values?.Length, targets?.Length, probabilities?.Length, predictedClasses?.Length, scores?.Length, classes?.Length);
        return new(task, count, values, targets, probabilities, predictedClasses, scores, classes);
    }

    /// <summary>The task, which says which of the lists below are set.</summary>
    public CrossValidationTask Task { get; }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Whether the true labels are known (<see cref="Targets"/> or <see cref="Classes"/>).</summary>
    public bool HasLabels => Targets is not null || Classes is not null;

    /// <summary>Regression: the prediction per row, in the label's units.</summary>
    public IReadOnlyList<double>? Values { get; }

    /// <summary>Regression: the true value per row, when known.</summary>
    public IReadOnlyList<double>? Targets { get; }

    /// <summary>Classification: the probability of each class per row.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Probabilities { get; }

    /// <summary>Classification: the predicted class per row.</summary>
    public IReadOnlyList<int>? PredictedClasses { get; }

    /// <summary>Binary: the model's ranking score per row (for the AUC), or null when the probability ranks.</summary>
    public IReadOnlyList<double>? Scores { get; }

    /// <summary>Classification: the true class per row, when known.</summary>
    public IReadOnlyList<int>? Classes { get; }

    /// <summary>
    /// The mean of several models' predictions of the same rows: regression values are averaged in the label's units,
    /// class probabilities are averaged and the predicted class is the most probable one (for a binary task: the positive
    /// class when its mean probability exceeds 0.5). Labels are kept when the first set has them.
    /// </summary>
    /// <param name="sets">Predictions of the same rows by different models (at least one).</param>
    public static RowPredictions Average(IReadOnlyList<RowPredictions> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0) throw new ArgumentException("Nothing to average.", nameof(sets));
        var first = sets[0];
        if (sets.Any(s => s.Task != first.Task || s.Count != first.Count))
            throw new ArgumentException("Only predictions of the same rows for the same task can be averaged.", nameof(sets));
        if (sets.Count == 1) return first;
        int n = first.Count;
        if (first.Task == CrossValidationTask.Regression)
            return ForRegression(Enumerable.Range(0, n).Select(i => sets.Average(s => s.Values![i])).ToArray(), first.Targets?.ToArray());
        var probabilities = new double[n][];
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            int classes = first.Probabilities![i].Count;
            var mean = new double[classes];
            foreach (var set in sets)
                for (int c = 0; c < classes; c++) mean[c] += set.Probabilities![i][c] / sets.Count;
            probabilities[i] = mean;
            predicted[i] = first.Task == CrossValidationTask.Binary ? (mean[1] > 0.5 ? 1 : 0) : Array.IndexOf(mean, mean.Max());
        }
        return new(first.Task, n, null, null, probabilities, predicted, null, first.Classes?.ToArray());
    }

    /// <summary>
    /// The rows of several disjoint parts (e.g. folds) put back at their positions: part k's row j goes to
    /// <c>rows[k][j]</c>. Binary scores are dropped, as different models' scores cannot be ranked together.
    /// </summary>
    internal static RowPredictions Scatter(IReadOnlyList<RowPredictions> parts, IReadOnlyList<int[]> rows, int count)
    {
        var task = parts[0].Task;
        bool labelled = parts.All(p => p.HasLabels);
        var values = task == CrossValidationTask.Regression ? new double[count] : null;
        var targets = task == CrossValidationTask.Regression && labelled ? new double[count] : null;
        var probabilities = task != CrossValidationTask.Regression ? new double[count][] : null;
        var predicted = task != CrossValidationTask.Regression ? new int[count] : null;
        var classes = task != CrossValidationTask.Regression && labelled ? new int[count] : null;
        for (int k = 0; k < parts.Count; k++)
        {
            var part = parts[k];
            for (int j = 0; j < part.Count; j++)
            {
                int row = rows[k][j];
                if (values is not null) values[row] = part.Values![j];
                if (targets is not null) targets[row] = part.Targets![j];
                if (probabilities is not null) probabilities[row] = part.Probabilities![j].ToArray();
                if (predicted is not null) predicted[row] = part.PredictedClasses![j];
                if (classes is not null) classes[row] = part.Classes![j];
            }
        }
        // Scores of different fold models are on different scales: pooled rows rank by probability.
        return new(task, count, values, targets, probabilities, predicted, null, classes);
    }

    private static void SameLength(int count, params int?[] others)
    {
        foreach (var other in others)
            if (other is int length && length != count)
                throw new ArgumentException($"Every list must have one value per row ({count}); got one with {length}.");
    }
}
