using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>
/// <c>mlContext.Regression.Trainers.*</c> and <c>mlContext.MulticlassClassification.Trainers.*</c> entry points for
/// DiveML's TorchSharp trainers. Each has a simple overload (d2l's defaults) and an Options overload.
/// </summary>
public static class DiveTrainersCatalog
{
    /// <summary>d2l 3.3 linear regression (<c>Linear(d, 1)</c>, squared loss); defaults in <see cref="LinearRegressionOptions"/>.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">Label column (Single).</param>
    /// <param name="featureColumnName">Feature column (known-size vector of Single).</param>
    /// <param name="seed">Seed for reproducible runs; null = random.</param>
    public static TorchRegressionTrainer TorchLinear(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int? seed = null)
        => catalog.TorchLinear(new LinearRegressionOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Seed = seed });

    /// <summary>Linear regression with every option; see <see cref="LinearRegressionOptions"/>.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The optimisation and data settings.</param>
    public static TorchRegressionTrainer TorchLinear(this RegressionCatalog.RegressionTrainers catalog, LinearRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchRegressionTrainer(options);
    }

    /// <summary>
    /// An MLP regressor: hidden layers with ReLU, squared loss, trained with Adam (regression targets are rarely on the
    /// scale SGD's d2l defaults expect). Every other setting as <see cref="MlpOptions"/>.
    /// </summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">Label column (Single).</param>
    /// <param name="featureColumnName">Feature column (known-size vector of Single).</param>
    /// <param name="hiddenLayers">Hidden layer sizes, input side first; null = <c>[256]</c>.</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="learningRate">Adam's step size.</param>
    /// <param name="seed">Seed for reproducible runs; null = random.</param>
    public static TorchRegressionTrainer TorchMlp(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int[]? hiddenLayers = null, int epochs = 100,
        double learningRate = 0.001, int? seed = null)
        => catalog.TorchMlp(new MlpOptions
        {
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, HiddenLayers = hiddenLayers ?? [256],
            Epochs = epochs, LearningRate = learningRate, Optimizer = OptimizerKind.Adam, Initialization = Initialization.Kaiming,
            OutputBiasFromLabelMean = true, Seed = seed,
        });

    /// <summary>An MLP regressor with every option; see <see cref="MlpOptions"/> (consider Adam with a small learning rate for regression).</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The network, optimisation and data settings.</param>
    public static TorchRegressionTrainer TorchMlp(this RegressionCatalog.RegressionTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchRegressionTrainer(options);
    }

    /// <summary>
    /// Trains your own TorchSharp module with squared loss (d2l 5.1–5.3): <paramref name="networkFactory"/> builds it
    /// from (input features, outputs = 1). Other settings as <see cref="CustomNetworkOptions"/>.
    /// </summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="networkFactory">(input feature count, output count) → a fresh module mapping [batch, inputs] to [batch, 1].</param>
    /// <param name="labelColumnName">Label column (Single).</param>
    /// <param name="featureColumnName">Feature column (known-size vector of Single).</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="seed">Seed for reproducible runs; null = random.</param>
    public static TorchRegressionTrainer TorchNetwork(this RegressionCatalog.RegressionTrainers catalog,
        Func<int, int, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> networkFactory,
        string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10, double learningRate = 0.1,
        OptimizerKind optimizer = OptimizerKind.Sgd, int? seed = null)
        => catalog.TorchNetwork(new CustomNetworkOptions(networkFactory)
        {
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs, LearningRate = learningRate,
            Optimizer = optimizer, Seed = seed,
        });

    /// <summary>Trains your own TorchSharp module with squared loss; see <see cref="CustomNetworkOptions"/>.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The network factory, optimisation and data settings.</param>
    public static TorchRegressionTrainer TorchNetwork(this RegressionCatalog.RegressionTrainers catalog, CustomNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchRegressionTrainer(options);
    }

    /// <summary>d2l 3.7 softmax regression (<c>Linear(d, K)</c>, cross-entropy); defaults in <see cref="SoftmaxRegressionOptions"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Label column (key).</param>
    /// <param name="featureColumnName">Feature column (known-size vector of Single).</param>
    /// <param name="seed">Seed for reproducible runs; null = random.</param>
    public static TorchMulticlassTrainer TorchSoftmax(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int? seed = null)
        => catalog.TorchSoftmax(new SoftmaxRegressionOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Seed = seed });

    /// <summary>Softmax regression with every option; see <see cref="SoftmaxRegressionOptions"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The optimisation and data settings.</param>
    public static TorchMulticlassTrainer TorchSoftmax(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SoftmaxRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchMulticlassTrainer(options);
    }

    /// <summary>d2l 4.3 MLP classifier (one hidden layer of 256, ReLU); defaults in <see cref="MlpOptions"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Label column (key).</param>
    /// <param name="featureColumnName">Feature column (known-size vector of Single).</param>
    /// <param name="seed">Seed for reproducible runs; null = random.</param>
    public static TorchMulticlassTrainer TorchMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int? seed = null)
        => catalog.TorchMlp(new MlpOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Seed = seed });

    /// <summary>An MLP classifier with every option; see <see cref="MlpOptions"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The network, optimisation and data settings.</param>
    public static TorchMulticlassTrainer TorchMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchMulticlassTrainer(options);
    }

    /// <summary>
    /// Trains your own TorchSharp module with cross-entropy (d2l 5.1–5.3): <paramref name="networkFactory"/> builds it
    /// from (input features, classes). Other settings as <see cref="CustomNetworkOptions"/>.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="networkFactory">(input feature count, class count) → a fresh module mapping [batch, inputs] to [batch, classes] logits.</param>
    /// <param name="labelColumnName">Label column (key).</param>
    /// <param name="featureColumnName">Feature column (known-size vector of Single).</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="seed">Seed for reproducible runs; null = random.</param>
    public static TorchMulticlassTrainer TorchNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        Func<int, int, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>> networkFactory,
        string labelColumnName = "Label", string featureColumnName = "Features", int epochs = 10, double learningRate = 0.1,
        OptimizerKind optimizer = OptimizerKind.Sgd, int? seed = null)
        => catalog.TorchNetwork(new CustomNetworkOptions(networkFactory)
        {
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Epochs = epochs, LearningRate = learningRate,
            Optimizer = optimizer, Seed = seed,
        });

    /// <summary>Trains your own TorchSharp module with cross-entropy; see <see cref="CustomNetworkOptions"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The network factory, optimisation and data settings.</param>
    public static TorchMulticlassTrainer TorchNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, CustomNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchMulticlassTrainer(options);
    }
}
