using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Kaggle;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.D2l;

/// <summary>d2l 4.10: the Kaggle house prices, d2l's linear model, 5-fold cross-validation of the log-RMSE.</summary>
public static class HousePrices
{
    public static void KFold(SampleRun run)
    {
        string train = RepoFiles.Find("data", "house-prices", "train.csv") ?? throw new FileNotFoundException("data/house-prices/train.csv (run from the repository)");
        string test = Path.Combine(Path.GetDirectoryName(train)!, "test.csv");
        var data = TabularData.Load(train, test, "SalePrice", "Id", TabularTask.Regression);
        run.Line($"train_data.shape: rows of {data.NumericFeatures.Count} numeric and {data.TextFeatures.Count} text features (+ Id, SalePrice)");
        var ml = new MLContext(1);
        var labels = TabularPipeline.PrepareLabels(ml, data, logTarget: false).Transform(data.Train);
        // d2l 4.10: standardise, fill NaN with 0, get_dummies(dummy_na=True); nn.Linear(d, 1), MSE on the price,
        // Adam lr 5, weight decay 0, batch 64, 100 epochs; k = 5 folds of the training rows, in order.
        var options = new LinearRegressionOptions
        {
            Optimizer = OptimizerKind.Adam, LearningRate = 5, BatchSize = 64, Epochs = 100, Initialization = Initialization.TorchDefault, Seed = 1,
        };
        var report = CrossValidator.Run(ml, labels, TabularPipeline.Featurizer(ml, data),
            valid => TabularPipeline.Head(ml, data, ml.Regression.Trainers.TorchLinear(options), logTarget: false),
            WithFolds(TabularPipeline.CrossValidationOptions(data)));
        static CrossValidationOptions WithFolds(CrossValidationOptions options)
        {
            options.Folds = 5;
            options.PrimaryMetric = "log_rmse";
            return options;
        }
        foreach (var fold in report.Folds)
            run.Line($"fold {fold.Fold}, train log rmse {fold.Train["log_rmse"]:F6}, valid log rmse {fold.Valid["log_rmse"]:F6}");
        run.Line($"5-fold validation: avg train log rmse: {report.Mean["train"]["log_rmse"]:F6}, avg valid log rmse: {report.Mean["valid"]["log_rmse"]:F6}");
    }
}
