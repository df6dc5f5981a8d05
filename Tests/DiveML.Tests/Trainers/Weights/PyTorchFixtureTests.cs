using System.Text.Json;
using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace DiveML.Tests.Trainers.Weights;

/// <summary>
/// The book's 784-256-10 MLP trained in PyTorch 1.13 (Fixtures/pytorch-statedict, with its PROVENANCE) scored in an
/// ML.NET pipeline: the same test accuracy and predictions as in PyTorch, logits within float32 summation noise.
/// </summary>
public class PyTorchFixtureTests
{
    /// <summary>
    /// |logit − PyTorch's| allowed. The fixture's logits come from netlib's reference BLAS (a plain dot-product loop);
    /// libtorch 2.10 sums the 784 and 256 products in another order (blocked, vectorised), which moves a logit of size
    /// ≈10 by a few float32 ulps (measured: at most 2.9e-6 on the 3 fixture rows, libtorch 2.10 CPU). 1e-4 leaves room for other CPUs'
    /// kernels while still catching any misplaced weight (one weight of the 0.01 scale moves a logit by ≈1e-3 or more).
    /// </summary>
    private const float LogitTolerance = 1e-4f;

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixtures("pytorch-statedict", "expected.json"))).RootElement;

    [Theory]
    [InlineData("mlp_784_256_10.pt")]            // nn.Sequential(nn.Flatten(), Linear, ReLU, Linear): keys 1.*, 3.*
    [InlineData("mlp_784_256_10_noflatten.pt")]  // nn.Sequential(Linear, ReLU, Linear): keys 0.*, 2.* (DiveML's own)
    public void A_state_dict_written_by_torch_save_scores_the_test_set_as_PyTorch_did(string file)
    {
        var weights = StateDict.Load(RepoPaths.Fixtures("pytorch-statedict", file));
        var ml = new MLContext(0);
        var train = FashionMnist.Load(FashionMnistSplit.Train).ToDataView();
        var test = FashionMnist.Load(FashionMnistSplit.Test).ToDataView();
        // Epochs = 0: the weights are scored as they are; the training rows only give the pipeline its schema.
        var model = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [256], InitialWeights = weights, Epochs = 0, Seed = 1 })
            .Fit(ml.Data.TakeRows(train, 256));
        Assert.Empty(model.History);

        var scored = model.Transform(test);
        var predicted = scored.GetColumn<uint>("PredictedLabel").Select(k => (int)k - 1).ToArray();
        var labels = FashionMnist.Load(FashionMnistSplit.Test).Labels;
        int correct = predicted.Where((p, i) => p == labels[i]).Count();
        Assert.Equal(Expected.GetProperty("test_correct").GetInt32(), correct); // 8211 of 10,000, as in PyTorch
        Assert.Equal(0.8211, ml.MulticlassClassification.Evaluate(scored).MicroAccuracy, 10);
        Assert.Equal(Expected.GetProperty("first50_predictions").EnumerateArray().Select(e => e.GetInt32()), predicted.Take(50));

        var logits = Logits(model, test, 3);
        var expectedLogits = Expected.GetProperty("first3_logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        for (int row = 0; row < 3; row++)
            Assert.Equal(expectedLogits[row], logits[row], new FloatTolerance(LogitTolerance));
        // The saved model scores through ONNX Runtime: its probabilities are the softmax of the same logits.
        var scores = scored.GetColumn<float[]>("Score").Take(3).ToArray();
        for (int row = 0; row < 3; row++)
            Assert.Equal(Softmax(expectedLogits[row]), scores[row], new FloatTolerance(1e-5f));
    }

    [Fact]
    public void The_fixtures_logits_agree_with_libtorch_to_a_few_ulps()
    {
        // Records the measured difference the tolerance above is justified by.
        var ml = new MLContext(0);
        var test = FashionMnist.Load(FashionMnistSplit.Test).ToDataView();
        var model = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions
        {
            HiddenLayers = [256], InitialWeights = StateDict.Load(RepoPaths.Fixtures("pytorch-statedict", "mlp_784_256_10.pt")), Epochs = 0,
        }).Fit(ml.Data.TakeRows(test, 16));
        var logits = Logits(model, test, 3);
        var expected = Expected.GetProperty("first3_logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        float worst = Enumerable.Range(0, 3).SelectMany(r => logits[r].Select((v, k) => Math.Abs(v - expected[r][k]))).Max();
        Assert.InRange(worst, 0f, 1e-5f); // measured here: 2.86e-6 (a few ulps of logits up to 13)
    }

    [Fact]
    public void Fine_tuning_starts_from_the_given_weights()
    {
        var ml = new MLContext(0);
        var weights = StateDict.Load(RepoPaths.Fixtures("pytorch-statedict", "mlp_784_256_10.pt"));
        var train = ml.Data.TakeRows(FashionMnist.Load(FashionMnistSplit.Train).ToDataView(), 3000);
        var model = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [256], InitialWeights = weights, Epochs = 1, Seed = 1, LearningRate = 0.01 })
            .Fit(train);
        // Started at the trained weights: the first epoch is already at PyTorch's accuracy, not at chance.
        Assert.InRange(model.History[0].TrainMetric, 0.8, 1.0);
        var tuned = StateDict.From(model);
        Assert.NotEqual(weights["1.weight"].ToSingles(), tuned["0.weight"].ToSingles());
        float largestStep = weights["1.weight"].ToSingles().Zip(tuned["0.weight"].ToSingles(), (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(largestStep, 1e-7f, 0.05f);
    }

    private static float[][] Logits(TorchMulticlassModel model, IDataView test, int rows)
    {
        var features = test.GetColumn<float[]>("Features").Take(rows).SelectMany(f => f).ToArray();
        using var _ = torch.no_grad();
        using var output = model.Network.forward(torch.tensor(features, [rows, 784]));
        var flat = output.data<float>().ToArray();
        return Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * 10, 10).ToArray()).ToArray();
    }

    private static float[] Softmax(float[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        return e.Select(v => (float)(v / e.Sum())).ToArray();
    }
}
