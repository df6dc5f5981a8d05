using Microsoft.ML;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// <c>mlContext.BinaryClassification.Trainers.*</c> entry points for DiveML's TorchSharp binary classifiers. Each has a
/// simple overload (column names, seed and the main hyper-parameters; null means the options class's default) and an
/// Options overload with every setting. The label must be Boolean; the models output ML.NET's binary columns
/// <c>Score</c> (the logit), <c>PredictedLabel</c> (Boolean) and <c>Probability</c>, so
/// <c>BinaryClassification.Evaluate</c>, <c>CrossValidate</c>, <c>PermutationFeatureImportance</c>,
/// <c>PredictionEngine</c> and <c>Model.Save/Load</c> work as with ML.NET's own trainers.
/// </summary>
public static class DiveBinaryTrainersCatalog
{
    /// <summary>
    /// Logistic regression: one <c>Linear(d, 1)</c> giving the logit, binary cross-entropy with logits; defaults in
    /// <see cref="LogisticRegressionOptions"/> (10 epochs, batch 256, SGD, learning rate 0.1).
    /// </summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="labelColumnName">Label column: Boolean, true = the positive class.</param>
    /// <param name="featureColumnName">Feature column: a known-size vector of Single.</param>
    /// <param name="seed">Seed of initialisation and shuffling, for reproducible runs; null = random.</param>
    /// <param name="epochs">Passes over the data; null = 10.</param>
    /// <param name="learningRate">SGD step size; null = 0.1.</param>
    /// <param name="batchSize">Minibatch size; null = 256.</param>
    /// <returns>The trainer; its fitted model is a <see cref="TorchBinaryModel"/>.</returns>
    /// <example><code>
    /// var model = mlContext.Transforms.NormalizeMeanVariance("Features")
    ///     .Append(mlContext.BinaryClassification.Trainers.TorchLogistic(seed: 1))
    ///     .Fit(train);
    /// var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(test)); // AUC, F1, log-loss…
    /// </code></example>
    public static TorchBinaryTrainer TorchLogistic(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int? seed = null,
        int? epochs = null, double? learningRate = null, int? batchSize = null)
        => catalog.TorchLogistic(Simple(new LogisticRegressionOptions(), labelColumnName, featureColumnName, seed, epochs, learningRate, batchSize));

    /// <summary>Logistic regression with every option; see <see cref="LogisticRegressionOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The trainer; its fitted model is a <see cref="TorchBinaryModel"/>.</returns>
    public static TorchBinaryTrainer TorchLogistic(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchBinaryTrainer(options);
    }

    /// <summary>
    /// A multilayer perceptron with one output unit (the logit), binary cross-entropy with logits; defaults in
    /// <see cref="MlpOptions"/> (one hidden layer of 256, ReLU, 10 epochs, batch 256, SGD, learning rate 0.1).
    /// </summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="labelColumnName">Label column: Boolean, true = the positive class.</param>
    /// <param name="featureColumnName">Feature column: a known-size vector of Single.</param>
    /// <param name="seed">Seed of initialisation, shuffling and dropout, for reproducible runs; null = random.</param>
    /// <param name="hiddenLayers">Hidden layer sizes, input side first; null = [256].</param>
    /// <param name="epochs">Passes over the data; null = 10.</param>
    /// <param name="learningRate">SGD step size; null = 0.1.</param>
    /// <param name="batchSize">Minibatch size; null = 256.</param>
    /// <returns>The trainer; its fitted model is a <see cref="TorchBinaryModel"/>.</returns>
    public static TorchBinaryTrainer TorchMlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int? seed = null,
        IReadOnlyList<int>? hiddenLayers = null, int? epochs = null, double? learningRate = null, int? batchSize = null)
    {
        var options = Simple(new MlpOptions(), labelColumnName, featureColumnName, seed, epochs, learningRate, batchSize);
        if (hiddenLayers is not null) options.HiddenLayers = hiddenLayers;
        return catalog.TorchMlp(options);
    }

    /// <summary>An MLP binary classifier with every option; see <see cref="MlpOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The trainer; its fitted model is a <see cref="TorchBinaryModel"/>.</returns>
    public static TorchBinaryTrainer TorchMlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchBinaryTrainer(options);
    }

    /// <summary>
    /// Trains your own TorchSharp module (d2l 5.1–5.3) with binary cross-entropy with logits: the factory is called with
    /// (input features, 1) and must return a module mapping [batch, inputs] to [batch, 1] logits.
    /// </summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="networkFactory">(input feature count, output count = 1) → a fresh module.</param>
    /// <param name="labelColumnName">Label column: Boolean, true = the positive class.</param>
    /// <param name="featureColumnName">Feature column: a known-size vector of Single.</param>
    /// <param name="seed">Seed of initialisation, shuffling and dropout, for reproducible runs; null = random.</param>
    /// <param name="epochs">Passes over the data; null = 10.</param>
    /// <param name="learningRate">SGD step size; null = 0.1.</param>
    /// <param name="batchSize">Minibatch size; null = 256.</param>
    /// <returns>The trainer; its fitted model is a <see cref="TorchBinaryModel"/>.</returns>
    public static TorchBinaryTrainer TorchNetwork(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        Func<int, int, nn.Module<Tensor, Tensor>> networkFactory, string labelColumnName = "Label", string featureColumnName = "Features",
        int? seed = null, int? epochs = null, double? learningRate = null, int? batchSize = null)
        => catalog.TorchNetwork(Simple(new CustomNetworkOptions(networkFactory), labelColumnName, featureColumnName, seed, epochs, learningRate, batchSize));

    /// <summary>Trains your own TorchSharp module with every option; see <see cref="CustomNetworkOptions"/>.</summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="options">The settings, with the factory that builds the network.</param>
    /// <returns>The trainer; its fitted model is a <see cref="TorchBinaryModel"/>.</returns>
    public static TorchBinaryTrainer TorchNetwork(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, CustomNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchBinaryTrainer(options);
    }

    /// <summary>The simple overloads' settings on top of an options class's defaults (null keeps the default).</summary>
    private static T Simple<T>(T options, string labelColumnName, string featureColumnName, int? seed, int? epochs, double? learningRate, int? batchSize)
        where T : TorchTrainerOptions
    {
        options.LabelColumnName = labelColumnName;
        options.FeatureColumnName = featureColumnName;
        options.Seed = seed;
        if (epochs is { } e) options.Epochs = e;
        if (learningRate is { } r) options.LearningRate = r;
        if (batchSize is { } b) options.BatchSize = b;
        return options;
    }
}
