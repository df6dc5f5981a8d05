using System.Runtime.CompilerServices;
using DiveML.Extensions.CrossValidation;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// d2l 4.10's feature engineering and a trainer as one ML.NET pipeline: numeric features standardised and missing values
/// filled with the mean (0 after standardising), text one-hot encoded with a NaN indicator, everything concatenated into
/// the features column; then the trainer and a prediction column in the label's own units (exp of the score with a log
/// target; the class value for classification). The label itself is prepared beforehand (<see cref="PrepareLabels"/>),
/// so the fitted pipeline scores files without a label. Any ML.NET trainer of the task can follow the featurizer:
/// DiveML's networks, LightGBM, FastTree, SDCA (<see cref="TabularTrainers"/>), reading the label and features columns
/// <see cref="TabularData.Columns"/> names.
/// </summary>
/// <remarks>
/// The columns the pipeline adds are named by <see cref="TabularData.Columns"/>: <c>Label</c>, <c>Target</c>,
/// <c>Features</c> and <c>Prediction</c> unless the files have columns of those names, so a user column is never
/// replaced by one of the pipeline's.
/// </remarks>
public static class TabularPipeline
{
    /// <summary>
    /// Adds the training label columns (named by <see cref="TabularData.Columns"/>): regression the target (Single,
    /// original units) and the label (its log with <paramref name="logTarget"/>); binary the label, a Boolean that is
    /// true for the positive class (<see cref="TabularData.Classes"/>[1]); multiclass the label, a key over the label's
    /// text values.
    /// </summary>
    public static ITransformer PrepareLabels(MLContext ml, TabularData data, bool logTarget)
    {
        var c = data.Columns;
        IEstimator<ITransformer> labels = data.Task switch
        {
            TabularTask.Regression => ml.Transforms.Conversion.ConvertType(c.Target, data.Label, DataKind.Single)
                .Append(ml.Transforms.Expression(c.Label, logTarget ? "x => log(x)" : "x => x", c.Target)),
            TabularTask.Binary => ml.Transforms.Conversion.MapValue(c.Label,
                [KeyValuePair.Create(data.Classes[0], false), KeyValuePair.Create(data.Classes[1], true)], data.Label),
            _ => ml.Transforms.Conversion.MapValueToKey(c.Label, data.Label),
        };
        return labels.Fit(data.Train);
    }

    /// <summary>The cross-validation options that read what this pipeline outputs: the label columns of <see cref="PrepareLabels"/> and the prediction column.</summary>
    /// <param name="data">The data (its task and <see cref="TabularData.Columns"/>).</param>
    public static CrossValidationOptions CrossValidationOptions(TabularData data) => new()
    {
        Task = data.CrossValidationTask,
        LabelColumnName = data.Task == TabularTask.Regression ? data.Columns.Target : data.Columns.Label,
        PredictionColumnName = data.Columns.Prediction,
    };

    /// <summary>Feature engineering + <paramref name="trainer"/> + the Prediction column.</summary>
    public static IEstimator<ITransformer> Build(MLContext ml, TabularData data, IEstimator<ITransformer> trainer, bool logTarget)
        => Featurizer(ml, data).Append(Head(ml, data, trainer, logTarget));

    // A binary head's map from the predicted Boolean back to the class, one per data set: ML.NET builds a ValueMapping
    // when its estimator is made (serialising the map on three threads), which every fold of every candidate would
    // otherwise repeat. The fitted mapping is immutable, so the pipelines share it.
    private static readonly ConditionalWeakTable<TabularData, IEstimator<ITransformer>> ClassNames = new();

    /// <summary>
    /// The trainer followed by the prediction column in the label's units. The trainer reads the label and features
    /// columns of <see cref="TabularData.Columns"/> and writes ML.NET's <c>Score</c> / <c>PredictedLabel</c>.
    /// </summary>
    public static IEstimator<ITransformer> Head(MLContext ml, TabularData data, IEstimator<ITransformer> trainer, bool logTarget) => data.Task switch
    {
        TabularTask.Regression => trainer.Append(ml.Transforms.Expression(data.Columns.Prediction, logTarget ? "x => exp(x)" : "x => x", "Score")),
        TabularTask.Binary => trainer.Append(ClassNames.GetValue(data, d => ml.Transforms.Conversion.MapValue(d.Columns.Prediction,
            [KeyValuePair.Create(false, d.Classes[0]), KeyValuePair.Create(true, d.Classes[1])], "PredictedLabel"))),
        _ => trainer.Append(ml.Transforms.Conversion.MapKeyToValue(data.Columns.Prediction, "PredictedLabel")),
    };

    /// <summary>
    /// The feature engineering alone: numeric standardised and filled, text one-hot, all in the features column. True/False
    /// columns are converted to numbers first; a test file's True/False column with a missing value, which reads as
    /// Double 1/0/NaN (<see cref="TabularData.Test"/>), converts the same way and its missing value is filled like a number's.
    /// </summary>
    public static IEstimator<ITransformer> Featurizer(MLContext ml, TabularData data)
    {
        var numeric = data.NumericFeatures.Concat(data.BooleanFeatures).ToArray();
        // Typed, so that Append keeps one flat chain: Append on an IEstimator nests the chain so far in a new one each
        // time, and fitting nested chains applies the inner ones again at every level.
        var pipeline = new EstimatorChain<ITransformer>();
        if (data.BooleanFeatures.Count > 0)
            pipeline = pipeline.Append<ITransformer>(ml.Transforms.Conversion.ConvertType(ColumnPairs.InPlace(data.BooleanFeatures), DataKind.Double));
        if (numeric.Length > 0)
        {
            // Standardize + FillNaMean in one transform per column: after standardising, the mean is 0 (d2l's fillna(0)).
            pipeline = pipeline
                .Append<ITransformer>(ml.Transforms.Standardize(new StandardizeOptions { Columns = ColumnPairs.InPlace(numeric), FillMissingWithMean = true }))
                .Append<ITransformer>(ml.Transforms.Conversion.ConvertType(ColumnPairs.InPlace(numeric), DataKind.Single));
        }
        if (data.TextFeatures.Count > 0)
            pipeline = pipeline.Append<ITransformer>(ml.Transforms.GetDummies(ColumnPairs.InPlace(data.TextFeatures)));
        var all = numeric.Concat(data.TextFeatures).ToArray();
        if (all.Length == 0) throw new ArgumentException("There are no feature columns besides the id and the label.");
        return pipeline.Append(ml.Transforms.Concatenate(data.Columns.Features, all));
    }
}
