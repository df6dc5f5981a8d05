using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace DiveML.Trainers.Scoring;

/// <summary>
/// ML.NET linear scorers whose weight is exactly 1 and bias exactly 0 over a one-element vector: <c>Score = 0 + 1·x</c>.
/// ONNX outputs reach ML.NET as vectors (<c>Vector&lt;Single,1,1&gt;</c>: OnnxTransformer never yields a readable scalar),
/// <c>Evaluate</c> and <c>PredictionEngine</c> need a scalar <c>Score</c>, and no other public built-in turns a one-element
/// vector into a scalar; a linear scorer does, and adds ML.NET's score annotations. Its internal constructors are out of
/// reach, so the weights are reached by training a public trainer on two crafted rows: every number involved is a power
/// of two, so two updates land on 1 and 0 exactly. The result is checked bit for bit; only the numbers are saved, so a
/// loaded model never depends on the trainer's update rule.
/// </summary>
internal static class IdentityScorer
{
    // ML.NET transformers are immutable: one identity per (kind, column, type) serves every model and fold. Lazy values:
    // fits that finish at once (folds in parallel) build it once.
    private static readonly ConcurrentDictionary<string, Lazy<ITransformer>> Cache = new(StringComparer.Ordinal);

    private static ITransformer Once(string key, Func<ITransformer> build)
    {
        var entry = Cache.GetOrAdd(key, _ => new Lazy<ITransformer>(build, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value;
        }
        catch
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<ITransformer>>(key, entry));
            throw;
        }
    }

    /// <summary>
    /// Online gradient descent, squared loss, rate 1, from zero: row (x = 1, y = 0.25) gives w = b = 0.5; row
    /// (x = −1, y = −0.25) predicts 0, so u = −0.5 and w = 1, b = 0. Outputs a regression <c>Score</c>.
    /// </summary>
    public static RegressionPredictionTransformer<LinearRegressionModelParameters> Regression(MLContext env, string column, DataViewType type)
        => (RegressionPredictionTransformer<LinearRegressionModelParameters>)Once($"regression\u0001{column}\u0001{type}", () =>
        {
            var rows = env.Data.LoadFromEnumerable(
                [new RegressionRow { Value = [1f], Label = 0.25f }, new RegressionRow { Value = [-1f], Label = -0.25f }],
                RowSchema<RegressionRow>(column, type));
            var fitted = env.Regression.Trainers.OnlineGradientDescent(new OnlineGradientDescentTrainer.Options
            {
                FeatureColumnName = column, LabelColumnName = nameof(RegressionRow.Label), LossFunction = new SquaredLoss(),
                LearningRate = 1f, DecreaseLearningRate = false, L2Regularization = 0f, NumberOfIterations = 1, Shuffle = false,
                Averaged = false, // the average of the two steps would be w = 0.75, b = 0.25
            }).Fit(rows);
            Check(fitted.Model.Weights, fitted.Model.Bias, "OnlineGradientDescent");
            return fitted;
        });

    /// <summary>
    /// Averaged perceptron (not averaged), hinge loss, rate 1, from zero: row (0.5, true) gives w = 0.5, b = 1; row
    /// (−0.5, false) scores 0.75, so w = 1, b = 0. Outputs a binary <c>Score</c> and <c>PredictedLabel</c> (= Score &gt; 0).
    /// </summary>
    public static BinaryPredictionTransformer<LinearBinaryModelParameters> Binary(MLContext env, string column, DataViewType type)
        => (BinaryPredictionTransformer<LinearBinaryModelParameters>)Once($"binary\u0001{column}\u0001{type}", () =>
        {
            var rows = env.Data.LoadFromEnumerable(
                [new BinaryRow { Value = [0.5f], Label = true }, new BinaryRow { Value = [-0.5f], Label = false }],
                RowSchema<BinaryRow>(column, type));
            var fitted = env.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
            {
                FeatureColumnName = column, LabelColumnName = nameof(BinaryRow.Label), LossFunction = new HingeLoss(),
                LearningRate = 1f, DecreaseLearningRate = false, L2Regularization = 0f, NumberOfIterations = 1, Shuffle = false,
                Averaged = false,
            }).Fit(rows);
            Check(fitted.Model.Weights, fitted.Model.Bias, "AveragedPerceptron");
            return fitted;
        });

    /// <summary>The crafted rows' value column gets exactly the scored column's type (a scorer trained on
    /// <c>Vector&lt;Single,1&gt;</c> refuses <c>Vector&lt;Single,1,1&gt;</c>).</summary>
    private static SchemaDefinition RowSchema<T>(string column, DataViewType type)
    {
        if (type is not VectorDataViewType { ItemType: var item, Size: 1 } || item != NumberDataViewType.Single)
            throw new InvalidOperationException($"DiveML expected the network's output '{column}' to be one Single value, but ML.NET reads it as {type}.");
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Value"].ColumnName = column;
        schema[column].ColumnType = type;
        return schema;
    }

    private static void Check(IReadOnlyList<float> weights, float bias, string trainer)
    {
        if (weights.Count != 1 || BitConverter.SingleToUInt32Bits(weights[0]) != BitConverter.SingleToUInt32Bits(1f) || BitConverter.SingleToUInt32Bits(bias) != 0)
            throw new InvalidOperationException(
                $"DiveML could not build the scorer that passes the network's output through unchanged: ML.NET's {trainer} " +
                $"reached weight {string.Join(", ", weights)} and bias {bias} instead of exactly 1 and 0. This ML.NET version " +
                "updates linear models differently from 5.0; use the ML.NET version DiveML was built with.");
    }

    private sealed class RegressionRow
    {
        public float[] Value { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class BinaryRow
    {
        public float[] Value { get; set; } = [];
        public bool Label { get; set; }
    }
}
