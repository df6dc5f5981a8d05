using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Data;
using DiveML.Trainers;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

var ml = new MLContext(seed: 1);

// Data: pandas.read_csv's types from all rows; Fashion-MNIST's IDX files; d2l's synthetic_data
IDataView house = ml.Data.LoadFromCsv("data/house-prices/train.csv");
IDataView images = ml.Data.LoadFashionMnist(FashionMnistSplit.Train);     // Features: 784 floats, Label: key (10 names)
IDataView testImages = ml.Data.LoadFashionMnist(FashionMnistSplit.Test);
IDataView synthetic = ml.Data.LoadSyntheticLinear([2f, -3.4f], 4.2f, 1000);

// pandas-exact preprocessing: fillna(mean) then get_dummies(dummy_na=True); the fitted state is public
var fill = ml.Transforms.FillNaMean().Fit(house);
var dummies = ml.Transforms.GetDummies().Fit(fill.Transform(house));
Console.WriteLine($"LotFrontage mean {fill.Means["LotFrontage"]:F4}; {dummies.OutputFeatureNames.Count} dummy columns");

// A TorchSharp MLP in an ML.NET pipeline: Fit, Evaluate, Save; the saved model scores through ONNX, without libtorch
var mlp = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions
    {
        HiddenLayers = [256], Dropout = [0.2], Optimizer = OptimizerKind.Adam, LearningRate = 0.001, Epochs = 5, Seed = 1,
        EarlyStopping = new EarlyStoppingOptions { Patience = 2 },            // holds out 10% of the training rows
    }));
var model = mlp.Fit(ml.Data.TakeRows(images, 20_000));
var accuracy = ml.MulticlassClassification.Evaluate(model.Transform(testImages)).MicroAccuracy;
Console.WriteLine($"Fashion-MNIST test accuracy {accuracy:F3} after {model.LastTransformer.History.Count} epochs (best {model.LastTransformer.BestEpoch})");
ml.Model.Save(model, images.Schema, "fashion-mlp.zip");
StateDict.From(model.LastTransformer).Save("fashion-mlp.pt");              // PyTorch's torch.load reads it (d2l 5.5)

// Binary classification (Boolean label: Score, Probability, PredictedLabel) and permutation feature importance
string[] columns = ["mean_radius", "mean_texture", "mean_smoothness", "worst_concave_points"];
var cancer = ml.Data.LoadFromCsv("data/sklearn/breast_cancer/train.csv");
var features = ml.Transforms.Expression("Label", "t => t == 1", "target")
    .Append(ml.Transforms.Conversion.ConvertType(ColumnPairs.InPlace(columns), DataKind.Single))
    .Append(ml.Transforms.Concatenate("Features", columns))
    .Append(ml.Transforms.NormalizeMeanVariance("Features")).Fit(cancer);
var logistic = ml.BinaryClassification.Trainers.TorchLogistic(seed: 1, epochs: 50).Fit(features.Transform(cancer));
Console.WriteLine($"breast cancer AUC {ml.BinaryClassification.Evaluate(logistic.Transform(features.Transform(cancer))).AreaUnderRocCurve:F3}");
var importance = ml.BinaryClassification.PermutationFeatureImportance(logistic, features.Transform(cancer), permutationCount: 3);
for (int i = 0; i < columns.Length; i++)
    Console.WriteLine($"  {columns[i],-22} AUC change when shuffled {importance[i].AreaUnderRocCurve.Mean:F3}");

// Your own network (d2l 5.1) and a K-fold report with mean, std and a 95% interval per metric
var network = ml.Regression.Trainers.TorchNetwork(
    (inputs, outputs) => nn.Sequential(("0", nn.Linear(inputs, 16)), ("1", nn.Tanh()), ("2", nn.Linear(16, outputs))), seed: 1);
var report = CrossValidator.Run(ml, synthetic, network,
    new CrossValidationOptions { Folds = 5, PrimaryMetric = "rmse", ParallelFolds = Environment.ProcessorCount }); // folds side by side
File.WriteAllText("cv-report.md", ReportWriter.Markdown(report));
Console.WriteLine($"5-fold RMSE {report.Mean["valid"]["rmse"]:F3} ± {report.Ci95["valid"]["rmse"]:F3}");
