using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace DiveML.Tests.Trainers;

public class EnsembleTests
{
    private const int Rows = 200;

    private static (float[] X, DenseDataView Data) Parabola(int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, Rows * 2).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var y = Enumerable.Range(0, Rows).Select(i => x[2 * i] * x[2 * i] - x[2 * i + 1] + (float)(random.NextDouble() * 0.1)).ToArray();
        return (x, DenseDataView.ForRegression(x, 2, y));
    }

    private static MlpOptions Small(int ensemble, double dropout = 0) => new()
    {
        Seed = 4, EnsembleSize = ensemble, HiddenLayers = [16], Dropout = dropout > 0 ? [dropout] : [], Epochs = 15, BatchSize = 32,
        LearningRate = 0.01, Optimizer = OptimizerKind.Adam,
    };

    private static float[] Forward(torch.nn.Module<torch.Tensor, torch.Tensor> network, float[] x, int dimension)
    {
        using var _ = torch.no_grad();
        using var input = torch.tensor(x, [x.Length / dimension, dimension]);
        using var output = network.forward(input);
        return output.data<float>().ToArray();
    }

    [Fact]
    public void A_regression_ensemble_scores_the_mean_of_its_members_before_and_after_save_and_load()
    {
        var ml = new MLContext(0);
        var (x, data) = Parabola(1);
        var model = ml.Regression.Trainers.TorchMlp(Small(3, dropout: 0.1)).Fit(data);

        var ensemble = Assert.IsType<EnsembleNetwork>(model.Network);
        Assert.Equal(3, ensemble.Members.Count);
        var members = ensemble.Members.Select(m => Forward(m, x, 2)).ToArray();
        Assert.NotEqual(members[0], members[1]); // different initialisations, masks and minibatch orders
        var mean = Enumerable.Range(0, Rows).Select(i => members.Average(m => m[i])).ToArray();

        var scored = model.Transform(data).GetColumn<float>("Score").ToArray(); // through ONNX Runtime
        Assert.Equal(mean, scored, new FloatTolerance(1e-4f));
        Assert.Equal(3 * 4, model.Parameters.Count); // two Linear layers per member, weight and bias each

        var path = Path.Combine(Path.GetTempPath(), $"diveml-ensemble-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = new MLContext(5).Model.Load(path, out _);
            Assert.Equal(scored, loaded.Transform(data).GetColumn<float>("Score").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Members_train_independently_so_the_first_equals_a_single_network_with_the_same_seed()
    {
        // Without dropout the global generator only initialises: member 1 starts as the single network does and
        // shuffles with the same seed, so any leak between members (a shared optimiser, a shared order) shows here.
        var ml = new MLContext(0);
        var (x, data) = Parabola(2);
        var single = ml.Regression.Trainers.TorchMlp(Small(1)).Fit(data);
        var ensemble = ml.Regression.Trainers.TorchMlp(Small(3)).Fit(data);

        Assert.IsNotType<EnsembleNetwork>(single.Network);
        var first = ((EnsembleNetwork)ensemble.Network).Members[0];
        Assert.Equal(Forward(single.Network, x, 2), Forward(first, x, 2));
        Assert.Equal(single.Parameters.Select(p => p.Values), ensemble.Parameters.Take(single.Parameters.Count).Select(p => p.Values));
    }

    [Fact]
    public void Each_member_trained_alone_equals_that_member_trained_in_lockstep_dropout_included()
    {
        // Units of work can be ensemble members (issue 11): member k alone must be bit-identical to member k of the
        // ensemble, so each member has its own seed, minibatch order and dropout generator.
        var ml = new MLContext(0);
        var (x, data) = Parabola(5);
        var ensemble = ml.Regression.Trainers.TorchMlp(Small(3, dropout: 0.3)).Fit(data);
        var members = ((EnsembleNetwork)ensemble.Network).Members;
        for (int k = 0; k < 3; k++)
        {
            var options = Small(3, dropout: 0.3);
            options.EnsembleMember = k;
            var alone = ml.Regression.Trainers.TorchMlp(options).Fit(data);
            Assert.IsNotType<EnsembleNetwork>(alone.Network);
            Assert.Equal(Forward(members[k], x, 2), Forward(alone.Network, x, 2));
            var prefix = $"members.{k}.";
            Assert.Equal(ensemble.Parameters.Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Values), alone.Parameters.Select(p => p.Values));
        }
        // Member 0's seed is the ensemble's: the first member is the single network, dropout masks included.
        var single = ml.Regression.Trainers.TorchMlp(Small(1, dropout: 0.3)).Fit(data);
        Assert.Equal(Forward(single.Network, x, 2), Forward(members[0], x, 2));
        Assert.NotEqual(EnsembleSeeds.Member(1, 1), EnsembleSeeds.Member(2, 1));
        Assert.Equal(7, EnsembleSeeds.Member(7, 0));
    }

    [Fact]
    public void A_member_outside_the_ensemble_or_with_early_stopping_is_refused()
    {
        var ml = new MLContext(0);
        var (_, data) = Parabola(6);
        var outside = Small(2);
        outside.EnsembleMember = 2;
        Assert.Contains("from 0 to 1", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.TorchMlp(outside).Fit(data)).Message);
        var stopping = Small(2);
        stopping.EnsembleMember = 0;
        stopping.EarlyStopping = new EarlyStoppingOptions { Patience = 2 };
        Assert.Contains("stops as a whole", Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.TorchMlp(stopping).Fit(data)).Message);
    }

    [Fact]
    public void Seeded_ensembles_are_reproducible_and_the_history_scores_the_whole_ensemble()
    {
        var ml = new MLContext(0);
        var (_, train) = Parabola(3);
        var (_, valid) = Parabola(4);
        MlpOptions Options() { var o = Small(3, dropout: 0.2); o.ValidationData = valid; return o; }
        var a = ml.Regression.Trainers.TorchMlp(Options()).Fit(train);
        var b = ml.Regression.Trainers.TorchMlp(Options()).Fit(train);
        Assert.Equal(a.Parameters.Select(p => p.Values), b.Parameters.Select(p => p.Values));
        Assert.Equal(a.History.Select(h => h.ValidationMetric), b.History.Select(h => h.ValidationMetric));

        var rmse = ml.Regression.Evaluate(a.Transform(valid)).RootMeanSquaredError;
        Assert.Equal(rmse, a.History[^1].ValidationMetric!.Value, 4);
    }

    [Fact]
    public void A_classification_ensemble_averages_logits_and_predicts_their_argmax()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(40, seed: 1);
        var model = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 2, EnsembleSize = 2, HiddenLayers = [8], Epochs = 10, BatchSize = 16 }).Fit(data);
        var features = data.GetColumn<float[]>("Features").SelectMany(f => f).ToArray();
        var members = ((EnsembleNetwork)model.Network).Members.Select(m => Forward(m, features, 4)).ToArray();
        var scores = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < scores.Length; i++)
        {
            var logits = Enumerable.Range(0, 3).Select(k => (members[0][i * 3 + k] + members[1][i * 3 + k]) / 2.0).ToArray();
            var total = logits.Sum(l => Math.Exp(l - logits.Max()));
            var expected = logits.Select(l => (float)(Math.Exp(l - logits.Max()) / total)).ToArray();
            Assert.Equal(expected, scores[i], new FloatTolerance(1e-4f));
        }
        Assert.True(ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy > 0.95);
    }

    [Fact]
    public void An_ensemble_size_below_one_is_rejected_naming_the_option()
    {
        var ml = new MLContext(0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.TorchMlp(new MlpOptions { EnsembleSize = 0 }));
        Assert.Contains("EnsembleSize", e.Message);
    }
}
