using System.Diagnostics;
using DiveML.Trainers;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// K-fold cross-validation of any ML.NET estimator pipeline (DiveML's networks, LightGBM, FastTree, SDCA…). Each fold
/// fits the whole pipeline (preprocessing included) on its training part only, so nothing learned from held-out rows
/// leaks into a fold; it reports metrics on both parts, the fit time, every row's out-of-fold prediction and, when the
/// pipeline trains a DiveML network, its per-epoch history and (with early stopping) its best epoch.
/// </summary>
/// <remarks>
/// A network with <see cref="TorchTrainerOptions.EarlyStopping"/> holds its stopping rows out of the data it is fitted
/// on, which is the fold's training part: the fold being evaluated never chooses the epoch it is scored at.
/// </remarks>
public static class CrossValidator
{
    /// <summary>Cross-validates <paramref name="pipeline"/> on <paramref name="data"/>.</summary>
    public static CrossValidationReport Run(MLContext mlContext, IDataView data, IEstimator<ITransformer> pipeline, CrossValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Run(mlContext, data, new EstimatorChain<ITransformer>(), _ => pipeline, options);
    }

    /// <summary>
    /// Cross-validates <paramref name="featurizer"/> followed by a trainer. Per fold the featurizer is fitted on the
    /// training part, and <paramref name="trainer"/> receives the fold's featurized held-out part, so a DiveML trainer can
    /// score it after every epoch (<see cref="TorchTrainerOptions.ValidationData"/>) for the learning curves.
    /// </summary>
    public static CrossValidationReport Run(MLContext mlContext, IDataView data, IEstimator<ITransformer> featurizer,
        Func<IDataView, IEstimator<ITransformer>> trainer, CrossValidationOptions? options = null)
        => Run(mlContext, data, featurizer, trainer, options, alongside: null);

    /// <summary>
    /// <see cref="Run(MLContext, IDataView, IEstimator{ITransformer}, Func{IDataView, IEstimator{ITransformer}}, CrossValidationOptions?)"/>,
    /// and <paramref name="alongside"/> (e.g. the refit on all rows) as one more job: with folds fitted at once, the first
    /// thread that finds no fold left runs it; one at a time, it runs after the last fold.
    /// </summary>
    internal static CrossValidationReport Run(MLContext mlContext, IDataView data, IEstimator<ITransformer> featurizer,
        Func<IDataView, IEstimator<ITransformer>> trainer, CrossValidationOptions? options, Action? alongside)
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(trainer);
        options ??= new CrossValidationOptions();
        if (options.ParallelFolds < 1) throw new ArgumentOutOfRangeException(nameof(options), $"ParallelFolds is {options.ParallelFolds}; it must be at least 1.");
        var plan = Plan(mlContext, data, options);
        var outcomes = new FoldOutcome[options.Folds];
        int reported = 0;
        bool progressFailed = false;
        var progress = new object();
        void Fit(int fold)
        {
            var outcome = RunFold(mlContext, data, featurizer, trainer, options, plan, fold);
            // Progress reports folds in order, each once a fold and all folds before it are done.
            lock (progress)
            {
                outcomes[fold] = outcome;
                // A callback that throws stops the run, as it would one fold at a time: it is not called again, for
                // that fold or a later one that finishes meanwhile.
                while (!progressFailed && reported < outcomes.Length && outcomes[reported] is { } done)
                {
                    reported++;
                    try
                    {
                        options.Progress?.Invoke(done.Result);
                    }
                    catch
                    {
                        progressFailed = true;
                        throw;
                    }
                }
            }
        }
        if (options.ParallelFolds <= 1)
        {
            for (int fold = 0; fold < options.Folds; fold++) Fit(fold);
            alongside?.Invoke();
        }
        else
        {
            int folds = options.Folds;
            // Folds at once share the cores: a network large enough for several threads gets its share of them.
            using var share = TorchThreads.Limit(Math.Max(1, Environment.ProcessorCount / options.ParallelFolds));
            // Jobs in fold order; the first failing fold's exception is rethrown as it was thrown.
            OrderedParallel.For(folds + (alongside is null ? 0 : 1), options.ParallelFolds, job =>
            {
                if (job < folds) Fit(job);
                else alongside!();
            });
        }
        return CrossValidationReport.FromFolds(options, plan, outcomes);
    }

    /// <summary>
    /// Checks the options against <paramref name="data"/> (metric, label type) and deals the rows into folds, before any
    /// fold trains: a typo must not cost a whole cross-validation. The same data and options always give the same plan,
    /// which is what lets folds be fitted one at a time, in other processes (<see cref="RunFold"/>).
    /// </summary>
    public static CrossValidationPlan Plan(MLContext mlContext, IDataView data, CrossValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (CrossValidationMetrics.Problem(options.Primary, options.Task) is { } problem)
            throw new ArgumentException($"PrimaryMetric {problem}");
        var labelColumn = data.Schema.GetColumnOrNull(options.LabelColumnName)
            ?? throw new ArgumentException($"The data has no label column '{options.LabelColumnName}'. Its columns are: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        CheckLabel(data, labelColumn, options);
        int rows = CountRows(data);
        int[]? classes = options.Mode == FoldMode.Stratified ? ReadClasses(data, options.LabelColumnName) : null;
        if (options.Mode == FoldMode.Stratified && classes is null)
            throw new ArgumentException("Stratified folds need a classification label (a key, Boolean or text column).");
        return new CrossValidationPlan(options.Folds, FoldAssignment.Assign(rows, options.Folds, options.Mode, options.Seed, classes));
    }

    /// <summary>
    /// Fits and scores one fold (0-based <paramref name="fold"/> of <paramref name="plan"/>): the featurizer and the
    /// trainer on the fold's training part, metrics on both parts, the held-out rows' predictions. A fold depends only on
    /// its arguments, not on the folds before it, so folds can run in any order or in other processes and give the same
    /// numbers (<see cref="CrossValidationReport.FromFolds"/> puts them together).
    /// </summary>
    public static FoldOutcome RunFold(MLContext mlContext, IDataView data, IEstimator<ITransformer> featurizer,
        Func<IDataView, IEstimator<ITransformer>> trainer, CrossValidationOptions options, CrossValidationPlan plan, int fold)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegative(fold);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fold, plan.Folds);
        var assignment = plan.Assignment;
        var trainPart = new RowSubsetDataView(data, assignment.Select(a => a != fold).ToArray());
        var validPart = new RowSubsetDataView(data, assignment.Select(a => a == fold).ToArray());
        var clock = Stopwatch.StartNew();
        var features = featurizer.Fit(trainPart);
        // Featurize each part once: the trainer, the per-epoch validation and both evaluations read the cached rows.
        var trainFeatures = mlContext.Data.Cache(features.Transform(trainPart));
        var validFeatures = mlContext.Data.Cache(features.Transform(validPart));
        var head = trainer(validFeatures).Fit(trainFeatures);
        double seconds = clock.Elapsed.TotalSeconds;
        var valid = PredictionReader.Read(head.Transform(validFeatures), options, labelled: true);
        var network = FindNetwork(head);
        var result = new FoldResult(fold + 1,
            CrossValidationMetrics.Compute(PredictionReader.Read(head.Transform(trainFeatures), options, labelled: true)),
            CrossValidationMetrics.Compute(valid),
            seconds,
            network?.History)
        {
            BestEpoch = network?.BestEpoch,
            Model = options.KeepFoldModels ? new TransformerChain<ITransformer>(features, head) : null,
        };
        return new FoldOutcome(result, valid);
    }

    /// <summary>
    /// The label must suit the task before any fold trains: numeric for regression (and positive for log_rmse), Boolean
    /// for binary, a key for multiclass.
    /// </summary>
    private static void CheckLabel(IDataView data, DataViewSchema.Column label, CrossValidationOptions options)
    {
        var type = label.Type;
        switch (options.Task)
        {
            case CrossValidationTask.Regression:
                if (type != NumberDataViewType.Single && type != NumberDataViewType.Double && type != NumberDataViewType.Int32 && type != NumberDataViewType.Int64)
                    throw new ArgumentException($"Label column '{label.Name}' is {type}; regression needs a numeric label.");
                if (options.Primary == "log_rmse")
                {
                    var values = CrossValidationMetrics.ReadDoubles(data, label.Name);
                    int worst = values.Count == 0 ? -1 : values.IndexOf(values.Min());
                    if (worst >= 0 && !(values[worst] > 0))
                        throw new ArgumentException($"Metric log_rmse takes the log of the label, but label column '{label.Name}' has values ≤ 0 " +
                            $"(the smallest is {values[worst].ToString(System.Globalization.CultureInfo.InvariantCulture)}, row {worst}). Use rmse or mae.");
                }
                break;
            case CrossValidationTask.Binary:
                if (type != BooleanDataViewType.Instance)
                    throw new ArgumentException($"Label column '{label.Name}' is {type}; binary classification needs a Boolean label (true = the positive class), as ML.NET's binary trainers do.");
                break;
            default:
                if (type is not KeyDataViewType)
                    throw new ArgumentException($"Label column '{label.Name}' is {type}; multiclass classification needs a key label: add mlContext.Transforms.Conversion.MapValueToKey(\"{label.Name}\").");
                break;
        }
    }

    /// <summary>The last DiveML network in a fitted pipeline, or null.</summary>
    public static TorchModel? FindNetwork(ITransformer model) => model switch
    {
        TorchModel network => network,
        IEnumerable<ITransformer> chain => chain.Select(FindNetwork).LastOrDefault(n => n is not null),
        _ => null,
    };

    private static int CountRows(IDataView data)
    {
        if (data.GetRowCount() is long known) return checked((int)known);
        int n = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext()) n++;
        return n;
    }

    private static int[]? ReadClasses(IDataView data, string label)
    {
        var column = data.Schema[label];
        var classes = new List<int>();
        using var cursor = SerialCursor.Open(data, [column]);
        if (column.Type is KeyDataViewType)
        {
            var get = cursor.GetGetter<uint>(column);
            uint key = 0;
            while (cursor.MoveNext()) { get(ref key); classes.Add((int)key); }
            return classes.ToArray();
        }
        if (column.Type == BooleanDataViewType.Instance)
        {
            var get = cursor.GetGetter<bool>(column);
            bool value = false;
            while (cursor.MoveNext()) { get(ref value); classes.Add(value ? 1 : 0); }
            return classes.ToArray();
        }
        if (column.Type is TextDataViewType)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            ReadOnlyMemory<char> text = default;
            while (cursor.MoveNext())
            {
                get(ref text);
                var s = text.ToString();
                if (!ids.TryGetValue(s, out int id)) ids[s] = id = ids.Count;
                classes.Add(id);
            }
            return classes.ToArray();
        }
        return null;
    }
}
