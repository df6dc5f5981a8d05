using Microsoft.ML;

namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// K-fold results: per fold train and held-out metrics, and across folds the mean, the sample standard deviation and a
/// 95% confidence interval of the mean (Student's t with k − 1 degrees of freedom).
/// </summary>
public sealed class CrossValidationReport
{
    private readonly CrossValidationOptions _options;

    internal CrossValidationReport(CrossValidationOptions options, IReadOnlyList<FoldResult> folds, OutOfFoldPredictions outOfFold)
    {
        _options = options;
        Task = options.Task;
        PrimaryMetric = options.Primary;
        Mode = options.Mode;
        Folds = folds;
        OutOfFold = outOfFold;
        if (folds.All(f => f.BestEpoch is not null)) RefitEpochs = Median(folds.Select(f => f.BestEpoch!.Value).ToArray());
        Mean = Summarise(Mean_);
        Std = Summarise(Std_);
        Ci95 = Summarise((values) => TCritical(values.Count - 1) * Std_(values) / Math.Sqrt(values.Count));
    }

    /// <summary>
    /// The report of folds fitted one at a time (<see cref="CrossValidator.RunFold"/>), in this process or others: the
    /// same numbers <see cref="CrossValidator.Run(MLContext, IDataView, IEstimator{ITransformer}, Func{IDataView, IEstimator{ITransformer}}, CrossValidationOptions?)"/>
    /// reports when it fits them itself.
    /// </summary>
    /// <param name="options">The options the folds were fitted with.</param>
    /// <param name="plan">The folds (<see cref="CrossValidator.Plan"/>).</param>
    /// <param name="folds">Every fold's outcome, in fold order.</param>
    public static CrossValidationReport FromFolds(CrossValidationOptions options, CrossValidationPlan plan, IReadOnlyList<FoldOutcome> folds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count != plan.Folds || folds.Select((f, i) => f.Result.Fold != i + 1).Any(wrong => wrong))
            throw new ArgumentException($"Give every one of the plan's {plan.Folds} folds once, in order (fold 1 first).", nameof(folds));
        var heldOutRows = Enumerable.Range(0, plan.Folds).Select(plan.HeldOutRows).ToArray();
        var outOfFold = new OutOfFoldPredictions(RowPredictions.Scatter(folds.Select(f => f.HeldOut).ToArray(), heldOutRows, plan.Rows),
            plan.Assignment.Select(a => a + 1).ToArray());
        return new CrossValidationReport(options, folds.Select(f => f.Result).ToArray(), outOfFold);
    }

    /// <summary>Regression, binary or multiclass.</summary>
    public CrossValidationTask Task { get; }

    /// <summary>The metric that ranks models.</summary>
    public string PrimaryMetric { get; }

    /// <summary>How the folds were made.</summary>
    public FoldMode Mode { get; }

    /// <summary>One result per fold, in order.</summary>
    public IReadOnlyList<FoldResult> Folds { get; }

    /// <summary>Mean per part ("train", "valid") and metric.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Mean { get; }

    /// <summary>Sample standard deviation (ddof = 1) per part and metric.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Std { get; }

    /// <summary>Half-width of the 95% confidence interval of the mean per part and metric.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Ci95 { get; }

    /// <summary>Every training row's prediction by the fold model that held it out (scikit-learn's cross_val_predict).</summary>
    public OutOfFoldPredictions OutOfFold { get; }

    /// <summary>
    /// When every fold's network stopped early: the median of the folds' best epochs (the upper middle value for an even
    /// number of folds), which is how long a refit on all rows should train, as it has no held-out rows of its own to
    /// stop on. Null otherwise.
    /// </summary>
    public int? RefitEpochs { get; }

    /// <summary>
    /// Predicts <paramref name="data"/> with every fold model and averages them (<see cref="RowPredictions.Average"/>):
    /// probabilities for classification, values in the label's units for regression. Needs
    /// <see cref="CrossValidationOptions.KeepFoldModels"/>.
    /// </summary>
    /// <param name="data">Raw rows with the training data's columns (the label may be absent).</param>
    public RowPredictions PredictWithFoldModels(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Folds.Any(f => f.Model is null))
            throw new InvalidOperationException("The fold models were not kept: cross-validate with KeepFoldModels = true to predict with them.");
        return RowPredictions.Average(Folds.Select(f => PredictionReader.Read(f.Model!.Transform(data), _options, labelled: false)).ToArray());
    }

    /// <summary>Mean held-out value of the primary metric.</summary>
    public double PrimaryValidMean => Mean["valid"][PrimaryMetric];

    /// <summary>Metric names in report order.</summary>
    public IReadOnlyList<string> MetricNames => Folds[0].Valid.Keys.ToArray();

    private Dictionary<string, IReadOnlyDictionary<string, double>> Summarise(Func<IReadOnlyList<double>, double> statistic)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var part in new[] { "train", "valid" })
        {
            var perMetric = new Dictionary<string, double>();
            foreach (var metric in MetricNames)
                perMetric[metric] = statistic(Folds.Select(f => (part == "train" ? f.Train : f.Valid)[metric]).ToArray());
            result[part] = perMetric;
        }
        return result;
    }

    private static double Mean_(IReadOnlyList<double> values) => values.Average();

    private static int Median(int[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    private static double Std_(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Two-sided 95% critical value of Student's t.</summary>
    internal static double TCritical(int degreesOfFreedom)
    {
        double[] table = [double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086];
        if (degreesOfFreedom < 1) return double.NaN;
        if (degreesOfFreedom < table.Length) return table[degreesOfFreedom];
        if (degreesOfFreedom <= 30) return 2.042 + (2.086 - 2.042) * (30 - degreesOfFreedom) / 10.0;
        return 1.96;
    }
}
