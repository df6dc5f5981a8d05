namespace DiveML.D2l;

/// <summary>Every section of chapters 2–5 that has code in the book, in the book's order (README.md maps them).</summary>
public static class Sections
{
    public static IReadOnlyList<Section> All { get; } =
    [
        new("2.1", "Data Manipulation", nameof(Tensors), Tensors.DataManipulation),
        new("2.2", "Data Preprocessing", nameof(Preprocessing), Preprocessing.HouseTiny),
        new("2.3", "Linear Algebra", nameof(Tensors), Tensors.LinearAlgebra),
        new("2.4", "Calculus", nameof(Calculus), Calculus.Derivatives),
        new("2.5", "Automatic Differentiation", nameof(Calculus), Calculus.Autograd),
        new("2.6", "Probability", nameof(Probability), Probability.DieTosses),
        new("2.7", "Documentation", nameof(Probability), Probability.Documentation),
        new("3.1", "Linear Regression", nameof(LinearRegression), LinearRegression.Vectorization),
        new("3.2", "Linear Regression Implementation from Scratch", nameof(LinearRegression), LinearRegression.FromScratch),
        new("3.3", "Concise Implementation of Linear Regression", nameof(LinearRegression), LinearRegression.Concise),
        new("3.5", "The Image Classification Dataset", nameof(SoftmaxRegression), SoftmaxRegression.Dataset),
        new("3.6", "Implementation of Softmax Regression from Scratch", nameof(SoftmaxRegression), SoftmaxRegression.FromScratch),
        new("3.7", "Concise Implementation of Softmax Regression", nameof(SoftmaxRegression), SoftmaxRegression.Concise),
        new("4.1", "Multilayer Perceptrons", nameof(Perceptrons), Perceptrons.Activations),
        new("4.2", "Implementation of Multilayer Perceptrons from Scratch", nameof(Perceptrons), Perceptrons.FromScratch),
        new("4.3", "Concise Implementation of Multilayer Perceptrons", nameof(Perceptrons), Perceptrons.Concise),
        new("4.4", "Model Selection, Underfitting, and Overfitting", nameof(Generalization), Generalization.Polynomial),
        new("4.5", "Weight Decay", nameof(Generalization), Generalization.WeightDecay),
        new("4.6", "Dropout", nameof(Generalization), Generalization.Dropout),
        new("4.8", "Numerical Stability and Initialization", nameof(Stability), Stability.VanishingAndExploding),
        new("4.10", "Predicting House Prices on Kaggle", nameof(HousePrices), HousePrices.KFold),
        new("5.1", "Layers and Blocks", nameof(Computation), Computation.LayersAndBlocks),
        new("5.2", "Parameter Management", nameof(Computation), Computation.Parameters),
        new("5.3", "Deferred Initialization", nameof(Computation), Computation.DeferredInitialization),
        new("5.4", "Custom Layers", nameof(Computation), Computation.CustomLayers),
        new("5.5", "File I/O", nameof(FileIo), FileIo.SaveAndLoad),
        new("5.6", "GPUs", nameof(Gpus), Gpus.Devices),
    ];
}
