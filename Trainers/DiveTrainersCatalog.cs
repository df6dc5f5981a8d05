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
    public static TorchRegressionTrainer TorchLinear(this RegressionCatalog.RegressionTrainers catalog, LinearRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchRegressionTrainer(options);
    }

    /// <summary>An MLP regressor; defaults in <see cref="MlpOptions"/> (consider Adam with a small learning rate for regression).</summary>
    public static TorchRegressionTrainer TorchMlp(this RegressionCatalog.RegressionTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchRegressionTrainer(options);
    }

    /// <summary>Trains your own TorchSharp module with squared loss; see <see cref="CustomNetworkOptions"/>.</summary>
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
    public static TorchMulticlassTrainer TorchMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchMulticlassTrainer(options);
    }

    /// <summary>Trains your own TorchSharp module with cross-entropy; see <see cref="CustomNetworkOptions"/>.</summary>
    public static TorchMulticlassTrainer TorchNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, CustomNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TorchMulticlassTrainer(options);
    }
}
