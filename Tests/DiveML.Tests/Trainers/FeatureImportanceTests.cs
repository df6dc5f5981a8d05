using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Tests.Trainers;

public class FeatureImportanceTests
{
    [Fact]
    public void Permutation_feature_importance_ranks_a_regression_networks_inputs_by_their_weight()
    {
        // y = 2·x0 − 3.4·x1 + 0·x2 + 4.2: shuffling x1 hurts most, x0 less, x2 not at all.
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f, 0f], 4.2f, 500, seed: 3);
        var model = ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Seed = 1, Epochs = 5 }).Fit(data);

        var pfi = ml.Regression.PermutationFeatureImportance(model, data, permutationCount: 3);

        var increase = pfi.Select(m => m.RootMeanSquaredError.Mean).ToArray();
        Assert.Equal(3, increase.Length);
        Assert.True(increase[1] > increase[0] && increase[0] > 1, string.Join(", ", increase));
        Assert.InRange(increase[2], -0.05, 0.05);
    }

    [Fact]
    public void Permutation_feature_importance_works_on_the_last_transformer_of_a_classification_pipeline()
    {
        // Three classes whose centres differ on slots 0, 1 and 2 only: slot 3 carries no information.
        var ml = new MLContext(0);
        var data = Blobs.Make(60, seed: 1);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 1, HiddenLayers = [16], Epochs = 20, BatchSize = 16 }));
        var model = pipeline.Fit(data);
        IDataView featurized = model.Take(1).Aggregate((IDataView)data, (view, t) => t.Transform(view));

        var pfi = ml.MulticlassClassification.PermutationFeatureImportance(model.LastTransformer, featurized, permutationCount: 2);

        var drop = pfi.Select(m => m.MicroAccuracy.Mean).ToArray();
        Assert.All(drop.Take(3), d => Assert.True(d < -0.1, string.Join(", ", drop)));
        Assert.InRange(drop[3], -0.05, 0.05);
    }
}
