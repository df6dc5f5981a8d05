using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// ML.NET's own trainers for a tabular task, by name, to cross-validate next to DiveML's networks on the same folds and
/// the same featurised data (<see cref="TabularPipeline.Featurizer"/>): <c>lightgbm</c>, <c>fasttree</c> and
/// <c>sdca</c>. Each reads the features and label columns it is given and adds ML.NET's usual outputs (<c>Score</c>; binary
/// <c>Probability</c> and <c>PredictedLabel</c>; multiclass <c>PredictedLabel</c>), which is what
/// <see cref="TabularPipeline.Head"/> expects.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>lightgbm</c>: LightGBM's own defaults (100 trees of 31 leaves, learning rate 0.1, at least 20 rows per leaf,
/// no L2 penalty), which are also scikit-learn's HistGradientBoosting defaults; ML.NET would otherwise pick some of
/// these from the data size. Deterministic, seeded; multiclass uses the softmax objective.</item>
/// <item><c>fasttree</c>: ML.NET's FastTree with its defaults (100 trees of 20 leaves, learning rate 0.2), seeded;
/// multiclass is one-versus-all over binary FastTree (ML.NET has no multiclass FastTree), probabilities normalised.</item>
/// <item><c>sdca</c>: ML.NET's SDCA — least squares for regression, logistic regression for binary, maximum entropy
/// for multiclass — on one thread, so that runs repeat exactly (SDCA's parallel updates are not deterministic).</item>
/// </list>
/// </remarks>
public static class TabularTrainers
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lightgbm", "fasttree", "sdca"];

    /// <summary>The trainer <paramref name="name"/> for <paramref name="task"/>.</summary>
    /// <param name="ml">The context (SDCA draws its shuffling from it).</param>
    /// <param name="name">lightgbm, fasttree or sdca.</param>
    /// <param name="task">Regression, binary or multiclass (not Auto).</param>
    /// <param name="seed">Seed of LightGBM and FastTree.</param>
    /// <param name="labelColumnName">The label column (<see cref="TabularColumns.Label"/>). Default <c>Label</c>.</param>
    /// <param name="featureColumnName">The feature vector (<see cref="TabularColumns.Features"/>). Default <c>Features</c>.</param>
    public static IEstimator<ITransformer> Create(MLContext ml, string name, TabularTask task, int seed, string labelColumnName = "Label", string featureColumnName = "Features")
    {
        string label = labelColumnName, features = featureColumnName;
        ArgumentNullException.ThrowIfNull(ml);
        if (task == TabularTask.Auto) throw new ArgumentException("Resolve the task (regression, binary or multiclass) before choosing a trainer.", nameof(task));
        return (name, task) switch
        {
            ("lightgbm", TabularTask.Regression) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features,
                NumberOfLeaves = Leaves, LearningRate = Rate, NumberOfIterations = Trees, MinimumExampleCountPerLeaf = RowsPerLeaf,
                Seed = seed, Deterministic = true, Booster = Booster(),
            }),
            ("lightgbm", TabularTask.Binary) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features,
                NumberOfLeaves = Leaves, LearningRate = Rate, NumberOfIterations = Trees, MinimumExampleCountPerLeaf = RowsPerLeaf,
                Seed = seed, Deterministic = true, Booster = Booster(),
            }),
            ("lightgbm", _) => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features,
                NumberOfLeaves = Leaves, LearningRate = Rate, NumberOfIterations = Trees, MinimumExampleCountPerLeaf = RowsPerLeaf,
                Seed = seed, Deterministic = true, Booster = Booster(), UseSoftmax = true,
            }),
            ("fasttree", TabularTask.Regression) => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { Seed = seed, LabelColumnName = label, FeatureColumnName = features }),
            ("fasttree", TabularTask.Binary) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { Seed = seed, LabelColumnName = label, FeatureColumnName = features }),
            ("fasttree", _) => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { Seed = seed, LabelColumnName = label, FeatureColumnName = features }), label, useProbabilities: true),
            ("sdca", TabularTask.Regression) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1, LabelColumnName = label, FeatureColumnName = features }),
            ("sdca", TabularTask.Binary) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1, LabelColumnName = label, FeatureColumnName = features }),
            ("sdca", _) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1, LabelColumnName = label, FeatureColumnName = features }),
            _ => throw new ArgumentException($"Unknown trainer '{name}'; ML.NET trainers available here: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The DiveML network trainer of <paramref name="options"/> for <paramref name="task"/> (the catalog method of the task).</summary>
    /// <param name="ml">The context.</param>
    /// <param name="options">Linear (regression), softmax (multiclass), logistic (binary) or MLP (any task) options.</param>
    /// <param name="task">Regression, binary or multiclass.</param>
    public static IEstimator<ITransformer> Network(MLContext ml, TorchTrainerOptions options, TabularTask task)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return (options, task) switch
        {
            (MlpOptions m, TabularTask.Binary) => ml.BinaryClassification.Trainers.TorchMlp(m),
            (LogisticRegressionOptions l, TabularTask.Binary) => ml.BinaryClassification.Trainers.TorchLogistic(l),
            (MlpOptions m, TabularTask.Multiclass) => ml.MulticlassClassification.Trainers.TorchMlp(m),
            (SoftmaxRegressionOptions s, TabularTask.Multiclass) => ml.MulticlassClassification.Trainers.TorchSoftmax(s),
            (MlpOptions m, TabularTask.Regression) => ml.Regression.Trainers.TorchMlp(m),
            (LinearRegressionOptions l, TabularTask.Regression) => ml.Regression.Trainers.TorchLinear(l),
            _ => throw new ArgumentException($"This network is not available for a {task.ToString().ToLowerInvariant()} task."),
        };
    }

    // LightGBM's documented defaults (num_leaves, learning_rate, num_iterations, min_data_in_leaf, lambda_l2, min_sum_hessian_in_leaf).
    private const int Leaves = 31, Trees = 100, RowsPerLeaf = 20;
    private const double Rate = 0.1;

    private static GradientBooster.Options Booster() => new() { L2Regularization = 0, MinimumChildWeight = 1e-3 };
}
