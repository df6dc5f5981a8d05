using DiveML.Tests.Support;
using DiveML.Extensions.IO;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch.nn;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Trainers;

public class MulticlassTests
{
    private sealed class Input
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        [KeyType(3)]
        public uint Label { get; set; }
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void Softmax_and_mlp_reach_high_accuracy_with_ML_NET_metrics()
    {
        var ml = new MLContext(0);
        var train = Blobs.Make(200, seed: 1);
        var test = Blobs.Make(100, seed: 2);
        var softmax = ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1).Fit(train);
        var mlp = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 1, HiddenLayers = [32], Epochs = 20 }).Fit(train);
        foreach (var model in new TorchModel[] { softmax, mlp })
        {
            var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
            Assert.True(metrics.MicroAccuracy > 0.95, $"{model.GetType().Name}: accuracy {metrics.MicroAccuracy}");
            Assert.True(model.History[^1].TrainMetric > 0.9);
        }
    }

    [Fact]
    public void Outputs_have_ML_NET_shapes_and_the_label_key_values()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(50, seed: 1);
        var model = ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1).Fit(data);
        var output = model.Transform(data);
        var score = Assert.IsType<VectorDataViewType>(output.Schema["Score"].Type);
        Assert.Equal(3, score.Size);
        var key = Assert.IsType<KeyDataViewType>(output.Schema["PredictedLabel"].Type);
        Assert.Equal(3UL, key.Count);
        VBuffer<ReadOnlyMemory<char>> names = default;
        output.Schema["PredictedLabel"].GetKeyValues(ref names);
        Assert.Equal(["class0", "class1", "class2"], names.DenseValues().Select(n => n.ToString()));
        Assert.Equal(["class0", "class1", "class2"], model.ClassNames);
        VBuffer<ReadOnlyMemory<char>> slots = default;
        output.Schema["Score"].GetSlotNames(ref slots);
        Assert.Equal(["class0", "class1", "class2"], slots.DenseValues().Select(n => n.ToString()));
        // ML.NET's confusion table then names the classes.
        Assert.Contains("class2", ml.MulticlassClassification.Evaluate(output).ConfusionMatrix.GetFormattedConfusionTable());
        Assert.DoesNotContain(output.Schema, c => c.Name.StartsWith("Dive", StringComparison.Ordinal) && !c.IsHidden);
        foreach (var p in output.GetColumn<float[]>("Score")) Assert.Equal(1f, p.Sum(), 4);
        var predicted = output.GetColumn<uint>("PredictedLabel").ToArray();
        var argmax = output.GetColumn<float[]>("Score").Select(p => (uint)Array.IndexOf(p, p.Max()) + 1).ToArray();
        Assert.Equal(argmax, predicted);
    }

    [Fact]
    public void Saved_model_loaded_in_another_context_predicts_the_same_and_works_with_PredictionEngine()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(80, seed: 1);
        var model = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 3, HiddenLayers = [16, 8], Dropout = [0.2], Epochs = 5 }).Fit(data);
        using var dir = new ScratchFolder();
        var path = dir["mlp.zip"];
        ml.Model.Save(model, data.Schema, path);

        var other = new MLContext(99);
        var loaded = other.Model.Load(path, out var schema);
        Assert.Equal(data.Schema.Count, schema.Count);
        var before = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        var after = loaded.Transform(data).GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < before.Length; i++)
        {
            for (int k = 0; k < 3; k++) Assert.Equal(before[i][k], after[i][k], 1e-5f);
            Assert.Equal(Array.IndexOf(before[i], before[i].Max()), Array.IndexOf(after[i], after[i].Max()));
        }
        Assert.Equal(model.Transform(data).GetColumn<uint>("PredictedLabel"), loaded.Transform(data).GetColumn<uint>("PredictedLabel"));

        var engine = other.Model.CreatePredictionEngine<Input, Prediction>(loaded);
        var row = ml.Data.CreateEnumerable<Input>(data, reuseRowObject: false).First();
        var prediction = engine.Predict(row);
        Assert.Equal(before[0], prediction.Score, new FloatTolerance(1e-5f));
        Assert.Equal(row.Label, prediction.PredictedLabel);
        var loadedMetrics = other.MulticlassClassification.Evaluate(loaded.Transform(data));
        Assert.Equal(ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy, loadedMetrics.MicroAccuracy);
    }

    [Fact]
    public void Cross_validation_runs_inside_an_ML_NET_pipeline()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(60, seed: 5);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1));
        var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 3);
        Assert.Equal(3, folds.Count);
        Assert.All(folds, f => Assert.True(f.Metrics.MicroAccuracy > 0.9));
    }

    [Fact]
    public void A_label_that_is_not_a_key_is_rejected_with_the_fix()
    {
        var ml = new MLContext(0);
        var data = DiveML.Extensions.Data.SyntheticData.Linear([1f, 2f], 0f, 20);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.TorchSoftmax().Fit(data));
        Assert.Contains("MapValueToKey", e.Message);
    }

    [Fact]
    public void A_custom_module_trains_in_the_pipeline_and_exposes_its_parameters()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(100, seed: 1);
        var options = new CustomNetworkOptions((inputs, outputs) => Sequential(
            ("first", Linear(inputs, 16)), ("act", Tanh()), ("second", Linear(16, outputs)))) { Seed = 1, Epochs = 15 };
        var model = ml.MulticlassClassification.Trainers.TorchNetwork(options).Fit(data);
        Assert.True(model.CanSave);
        Assert.Equal(["first.weight", "first.bias", "second.weight", "second.bias"], model.Parameters.Select(p => p.Name));
        Assert.True(ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy > 0.95);
        Assert.IsAssignableFrom<torch.nn.Module>(model.Network);
    }

    [Fact]
    public void A_module_ONNX_export_does_not_cover_scores_in_process_but_refuses_to_save_naming_the_layer()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(60, seed: 1);
        // Mish has no ONNX operator at opset 13 and DiveML does not compose one.
        var options = new CustomNetworkOptions((inputs, outputs) => Sequential(
            ("hidden", Linear(inputs, 16)), ("norm", Mish()), ("head", Linear(16, outputs)))) { Seed = 1, Epochs = 10 };
        var model = ml.MulticlassClassification.Trainers.TorchNetwork(options).Fit(data);
        Assert.False(model.CanSave);
        var accuracy = ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy;
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}, last epoch train accuracy {model.History[^1].TrainMetric}");

        var path = Path.Combine(Path.GetTempPath(), $"diveml-custom-{Guid.NewGuid():N}.zip");
        var e = Assert.Throws<InvalidOperationException>(() => DiveModelFile.Save(ml, model, data.Schema, path));
        Assert.Contains("'norm'", e.Message);
        Assert.Contains("Mish", e.Message);
        Assert.Contains("not among the layers DiveML exports", e.Message);
        Assert.False(File.Exists(path));
    }

    /// <summary>A layer of the user's own that the ONNX exporter knows nothing about.</summary>
    private sealed class Shift : torch.nn.Module<torch.Tensor, torch.Tensor>
    {
        public Shift() : base(nameof(Shift)) { }

        public override torch.Tensor forward(torch.Tensor input) => input + 1;
    }

    [Fact]
    public void A_layer_that_cannot_be_exported_is_named_by_its_full_path_in_nested_blocks()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(60, seed: 1);
        var options = new CustomNetworkOptions((inputs, outputs) => Sequential(
            ("block", Sequential(("dense", Linear(inputs, 8)), ("shift", new Shift()))), ("head", Linear(8, outputs)))) { Seed = 1, Epochs = 2 };
        var model = ml.MulticlassClassification.Trainers.TorchNetwork(options).Fit(data);
        Assert.False(model.CanSave);
        Assert.Contains("'block.shift'", model.SaveBlocker);
    }

    private sealed class NumericLabelRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public float Grade { get; set; }
    }

    [Fact]
    public void A_key_label_over_numbers_keeps_its_values_in_PredictedLabel_also_after_loading()
    {
        var ml = new MLContext(0);
        // The classes are the numbers 10, 20, 30 (e.g. a grade column), keyed with MapValueToKey: not text.
        var blobs = Blobs.Make(40, seed: 1);
        var features = blobs.GetColumn<float[]>("Features").ToArray();
        var classes = blobs.GetColumn<uint>("Label").ToArray();
        var rows = features.Select((f, i) => new NumericLabelRow { Features = f, Grade = 10f * classes[i] }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Grade")
            .Append(ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedGrade", "PredictedLabel"))
            .Fit(data);
        Assert.Equal(["10", "20", "30"], ((TorchMulticlassModel)model.Skip(1).First()).ClassNames);

        void Check(ITransformer fitted)
        {
            var output = fitted.Transform(data);
            Assert.Equal(NumberDataViewType.Single, output.Schema["PredictedGrade"].Type);
            var predicted = output.GetColumn<float>("PredictedGrade").ToArray();
            Assert.All(predicted, p => Assert.Contains(p, new[] { 10f, 20f, 30f }));
            Assert.True(predicted.Zip(rows).Count(p => p.First == p.Second.Grade) > 0.9 * rows.Length);
        }

        Check(model);
        var path = Path.Combine(Path.GetTempPath(), $"diveml-numeric-label-{Guid.NewGuid():N}.zip");
        try
        {
            DiveModelFile.Save(ml, model, data.Schema, path);
            Check(new MLContext(1).Model.Load(path, out _));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
