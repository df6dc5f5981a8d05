using System.Diagnostics;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// K-fold cross-validation of any ML.NET estimator pipeline. Each fold fits the whole pipeline (preprocessing included)
/// on its training part only, so nothing learned from held-out rows leaks into a fold; it reports metrics on both
/// parts, the fit time and, when the pipeline trains a DiveML network, its per-epoch history.
/// </summary>
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
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(trainer);
        options ??= new CrossValidationOptions();
        // Every option is checked before any fold trains: a typo must not cost a whole cross-validation.
        var metricNames = CrossValidationMetrics.Names(options.Task);
        if (!metricNames.Contains(options.Primary))
            throw new ArgumentException($"PrimaryMetric '{options.Primary}' is not a {options.Task.ToString().ToLowerInvariant()} metric; use one of {string.Join(", ", metricNames)} (names are lower case).");
        if (data.Schema.GetColumnOrNull(options.LabelColumnName) is null)
            throw new ArgumentException($"The data has no label column '{options.LabelColumnName}'. Its columns are: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        int rows = CountRows(data);
        int[]? classes = options.Mode == FoldMode.Stratified ? ReadClasses(data, options.LabelColumnName) : null;
        if (options.Mode == FoldMode.Stratified && classes is null)
            throw new ArgumentException("Stratified folds need a classification label (a key or text column).");
        var assignment = FoldAssignment.Assign(rows, options.Folds, options.Mode, options.Seed, classes);

        var results = new List<FoldResult>();
        for (int fold = 0; fold < options.Folds; fold++)
        {
            var trainPart = new RowSubsetDataView(data, assignment.Select(a => a != fold).ToArray());
            var validPart = new RowSubsetDataView(data, assignment.Select(a => a == fold).ToArray());
            var clock = Stopwatch.StartNew();
            var features = featurizer.Fit(trainPart);
            // Featurize each part once: the trainer, the per-epoch validation and both evaluations read the cached rows.
            var trainFeatures = mlContext.Data.Cache(features.Transform(trainPart));
            var validFeatures = mlContext.Data.Cache(features.Transform(validPart));
            var head = trainer(validFeatures).Fit(trainFeatures);
            double seconds = clock.Elapsed.TotalSeconds;
            var result = new FoldResult(fold + 1,
                Evaluate(mlContext, head.Transform(trainFeatures), options),
                Evaluate(mlContext, head.Transform(validFeatures), options),
                seconds,
                FindNetwork(head)?.History);
            results.Add(result);
            options.Progress?.Invoke(result);
        }
        return new CrossValidationReport(options.Task, options.Primary, options.Mode, results);
    }

    /// <summary>The last DiveML network in a fitted pipeline, or null.</summary>
    public static TorchModel? FindNetwork(ITransformer model) => model switch
    {
        TorchModel network => network,
        IEnumerable<ITransformer> chain => chain.Select(FindNetwork).LastOrDefault(n => n is not null),
        _ => null,
    };

    private static Dictionary<string, double> Evaluate(MLContext ml, IDataView scored, CrossValidationOptions options)
        => options.Task == CrossValidationTask.Regression
            ? CrossValidationMetrics.Regression(scored, options.LabelColumnName, options.PredictionColumnName)
            : CrossValidationMetrics.Classification(ml, scored, options.LabelColumnName);

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
        using var cursor = data.GetRowCursor([column]);
        if (column.Type is KeyDataViewType)
        {
            var get = cursor.GetGetter<uint>(column);
            uint key = 0;
            while (cursor.MoveNext()) { get(ref key); classes.Add((int)key); }
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
