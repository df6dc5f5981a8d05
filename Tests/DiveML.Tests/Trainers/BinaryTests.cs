using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace DiveML.Tests.Trainers;

public class BinaryTests
{
    public sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    /// <summary>Two Gaussian blobs (±3 on one axis each) with a Boolean label: class 1 is true.</summary>
    public static IDataView TwoBlobs(MLContext ml, int rowsPerClass, int seed, double spread = 1.0)
    {
        var blobs = Blobs.Make(rowsPerClass, classes: 2, seed: seed, spread: spread);
        var features = blobs.GetColumn<float[]>("Features").ToArray();
        var labels = blobs.GetColumn<uint>("Label").ToArray();
        return ml.Data.LoadFromEnumerable(features.Select((f, i) => new Row { Features = f, Label = labels[i] == 2 }).ToArray());
    }

    [Fact]
    public void Logistic_and_mlp_separate_blobs_with_ML_NET_binary_metrics_and_columns()
    {
        var ml = new MLContext(0);
        var train = TwoBlobs(ml, 200, seed: 1);
        var test = TwoBlobs(ml, 100, seed: 2);
        var logistic = ml.BinaryClassification.Trainers.TorchLogistic(seed: 1, epochs: 50).Fit(train);
        var mlp = ml.BinaryClassification.Trainers.TorchMlp(seed: 1, hiddenLayers: [16], epochs: 50).Fit(train);
        foreach (var model in new TorchBinaryModel[] { logistic, mlp })
        {
            var scored = model.Transform(test);
            Assert.Equal(NumberDataViewType.Single, scored.Schema["Score"].Type);
            Assert.Equal(NumberDataViewType.Single, scored.Schema["Probability"].Type);
            Assert.Equal(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
            Assert.DoesNotContain(scored.Schema, c => c.Name.StartsWith("Dive", StringComparison.Ordinal) && !c.IsHidden);
            var metrics = ml.BinaryClassification.Evaluate(scored);
            Assert.True(metrics.AreaUnderRocCurve > 0.95, $"AUC {metrics.AreaUnderRocCurve}");
            Assert.True(metrics.F1Score > 0.9, $"F1 {metrics.F1Score}");
            Assert.True(metrics.LogLossReduction > 0.1, $"log-loss {metrics.LogLoss}, reduction {metrics.LogLossReduction}");
            Assert.True(model.History[^1].TrainMetric > 0.9, $"train accuracy {model.History[^1].TrainMetric}");

            var score = scored.GetColumn<float>("Score").ToArray();
            var probability = scored.GetColumn<float>("Probability").ToArray();
            var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
            Assert.Equal(score.Select(s => s > 0), predicted);
            Assert.Equal(score.Select(s => (float)(1 / (1 + Math.Exp(-s)))), probability);
        }
    }

    [Fact]
    public void Score_is_the_networks_logit()
    {
        var ml = new MLContext(0);
        var data = TwoBlobs(ml, 50, seed: 3);
        var model = ml.BinaryClassification.Trainers.TorchLogistic(seed: 2, epochs: 3).Fit(data);
        var features = data.GetColumn<float[]>("Features").ToArray();
        using var _ = torch.no_grad();
        using var input = torch.tensor(features.SelectMany(f => f).ToArray(), [features.Length, 4]);
        using var logits = model.Network.forward(input);
        Assert.Equal(logits.data<float>().ToArray(), model.Transform(data).GetColumn<float>("Score").ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Saved_model_loaded_in_another_context_gives_identical_columns_and_works_with_PredictionEngine()
    {
        var ml = new MLContext(0);
        var data = TwoBlobs(ml, 80, seed: 4, spread: 2.0);
        var model = ml.BinaryClassification.Trainers.TorchMlp(new MlpOptions { Seed = 3, HiddenLayers = [8], Dropout = [0.1], Epochs = 5 }).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"diveml-binary-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var other = new MLContext(42);
            var loaded = other.Model.Load(path, out _);
            var before = model.Transform(data);
            var after = loaded.Transform(data);
            Assert.Equal(before.GetColumn<float>("Score"), after.GetColumn<float>("Score"));
            Assert.Equal(before.GetColumn<float>("Probability"), after.GetColumn<float>("Probability"));
            Assert.Equal(before.GetColumn<bool>("PredictedLabel"), after.GetColumn<bool>("PredictedLabel"));
            Assert.Equal(ml.BinaryClassification.Evaluate(before).AreaUnderRocCurve, other.BinaryClassification.Evaluate(after).AreaUnderRocCurve);

            var engine = other.Model.CreatePredictionEngine<Row, Prediction>(loaded);
            var rows = ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).ToArray();
            var scores = before.GetColumn<float>("Score").ToArray();
            var probabilities = before.GetColumn<float>("Probability").ToArray();
            for (int i = 0; i < rows.Length; i++)
            {
                var p = engine.Predict(rows[i]);
                Assert.Equal(scores[i], p.Score);
                Assert.Equal(probabilities[i], p.Probability);
                Assert.Equal(scores[i] > 0, p.PredictedLabel);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_network_ONNX_export_does_not_cover_scores_in_process_with_the_same_columns_but_cannot_be_saved()
    {
        var ml = new MLContext(0);
        var data = TwoBlobs(ml, 40, seed: 7);
        var model = ml.BinaryClassification.Trainers.TorchNetwork((inputs, outputs) => torch.nn.Sequential(
            ("norm", torch.nn.Mish()), ("head", torch.nn.Linear(inputs, outputs))), seed: 1, epochs: 20).Fit(data); // Mish: no ONNX export
        Assert.False(model.CanSave);
        var scored = model.Transform(data);
        var score = scored.GetColumn<float>("Score").ToArray();
        Assert.Equal(score.Select(s => s > 0), scored.GetColumn<bool>("PredictedLabel"));
        Assert.Equal(score.Select(s => (float)(1 / (1 + Math.Exp(-s)))), scored.GetColumn<float>("Probability"));
        Assert.True(ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve > 0.95);
        var e = Assert.Throws<InvalidOperationException>(() => ml.Model.Save(model, data.Schema, new MemoryStream()));
        Assert.Contains("'norm'", e.Message);
    }

    [Fact]
    public void The_pipeline_schema_promises_the_binary_columns()
    {
        var ml = new MLContext(0);
        var data = TwoBlobs(ml, 5, seed: 1);
        // SchemaShape.Create is internal to ML.NET; pipelines and AutoML reach it, a test reaches it by reflection.
        var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])!;
        var shape = (SchemaShape)create.Invoke(null, [data.Schema])!;
        var output = ml.BinaryClassification.Trainers.TorchLogistic().GetOutputSchema(shape);
        var score = output.Single(c => c.Name == "Score");
        Assert.True(score.ItemType == NumberDataViewType.Single && score.Kind == SchemaShape.Column.VectorKind.Scalar);
        Assert.Equal(NumberDataViewType.Single, output.Single(c => c.Name == "Probability").ItemType);
        Assert.Equal(BooleanDataViewType.Instance, output.Single(c => c.Name == "PredictedLabel").ItemType);
    }

    private sealed class NumberLabelRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Churned { get; set; }
    }

    private sealed class TextLabelRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public string Answer { get; set; } = "";
    }

    [Fact]
    public void A_label_that_is_not_Boolean_is_rejected_naming_the_column_and_the_conversion()
    {
        var ml = new MLContext(0);
        var numbers = ml.Data.LoadFromEnumerable([new NumberLabelRow { Features = [1, 2], Churned = 1 }, new NumberLabelRow { Features = [2, 1], Churned = 0 }]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.TorchLogistic(labelColumnName: "Churned").Fit(numbers));
        Assert.Contains("'Churned'", e.Message);
        Assert.Contains("Boolean", e.Message);
        Assert.Contains("Expression(\"Churned\", \"x => x > 0\"", e.Message);

        var text = ml.Data.LoadFromEnumerable([new TextLabelRow { Features = [1, 2], Answer = "yes" }, new TextLabelRow { Features = [2, 1], Answer = "no" }]);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.TorchMlp(labelColumnName: "Answer").Fit(text));
        Assert.Contains("'Answer'", e.Message);
        Assert.Contains("MapValue(\"Answer\"", e.Message);
    }

    [Fact]
    public void An_ensemble_averages_its_members_logits_also_after_loading()
    {
        var ml = new MLContext(0);
        var data = TwoBlobs(ml, 60, seed: 5, spread: 2.0);
        var model = ml.BinaryClassification.Trainers.TorchMlp(new MlpOptions { Seed = 2, HiddenLayers = [8], Epochs = 5, EnsembleSize = 3, ValidationData = data }).Fit(data);
        var ensemble = Assert.IsType<EnsembleNetwork>(model.Network);
        // The history's validation metric is the ensemble's accuracy: the share of rows whose averaged logit has the label's sign.
        var labels = data.GetColumn<bool>("Label").ToArray();
        var features = data.GetColumn<float[]>("Features").ToArray();
        using var noGrad = torch.no_grad();
        using var input = torch.tensor(features.SelectMany(f => f).ToArray(), [features.Length, 4]);
        var members = ensemble.Members.Select(m => { using var o = m.forward(input); return o.data<float>().ToArray(); }).ToArray();
        Assert.NotEqual(members[0], members[1]);
        var mean = Enumerable.Range(0, features.Length).Select(i => members.Average(m => m[i])).ToArray();
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        Assert.Equal(mean, scores, new FloatTolerance(1e-5f));
        Assert.Equal(scores.Zip(labels).Count(p => p.First > 0 == p.Second) / (double)labels.Length, model.History[^1].ValidationMetric!.Value, 6);

        var path = Path.Combine(Path.GetTempPath(), $"diveml-binary-ensemble-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            Assert.Equal(scores, new MLContext(7).Model.Load(path, out _).Transform(data).GetColumn<float>("Score").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cross_validation_and_permutation_feature_importance_work_as_with_ML_NET_trainers()
    {
        var ml = new MLContext(0);
        var data = TwoBlobs(ml, 60, seed: 6);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.TorchLogistic(seed: 1, epochs: 20));
        var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 3);
        Assert.Equal(3, folds.Count);
        Assert.All(folds, f => Assert.True(f.Metrics.AreaUnderRocCurve > 0.95, $"AUC {f.Metrics.AreaUnderRocCurve}"));

        // The two classes differ on slot 1 only (blob centres ±3 on axes 0 and 1, class 1 on axis 1).
        var model = ml.BinaryClassification.Trainers.TorchLogistic(seed: 1, epochs: 20).Fit(data);
        var pfi = ml.BinaryClassification.PermutationFeatureImportance(model, data, permutationCount: 2);
        var drop = pfi.Select(m => m.AreaUnderRocCurve.Mean).ToArray();
        Assert.Equal(4, drop.Length);
        Assert.True(drop[0] < -0.05 || drop[1] < -0.05, string.Join(", ", drop));
        Assert.InRange(drop[2], -0.02, 0.02);
        Assert.InRange(drop[3], -0.02, 0.02);
    }
}
