using DiveML.Extensions.Data;
using DiveML.Extensions.Kaggle;
using DiveML.Tests.Support;
using DiveML.Tests.Trainers;
using DiveML.Trainers;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using PlainMlNetApp;

namespace DiveML.Tests.Deployment;

/// <summary>
/// Issue 16's evidence: every kind of model DiveML saves loads and scores in a plain ML.NET app (Tests/PlainMlNetApp,
/// no DiveML reference, a fresh process), with predictions identical to the fitted pipeline's.
/// </summary>
public class PlainMlNetAppTests
{
    private sealed record Job(string Name, ITransformer Model, IDataView Input, DataViewSchema SaveSchema, string[] Columns);

    private sealed class TextLabelRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public string Animal { get; set; } = "";
    }

    private sealed class NumberLabelRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public float Grade { get; set; }
    }

    [Fact]
    public void Every_kind_of_saved_model_scores_identically_in_a_plain_ML_NET_app_without_DiveML()
    {
        var ml = new MLContext(0);
        var jobs = new List<Job>();
        string[] regression = ["Score"], multiclass = ["PredictedLabel", "Score"], binary = ["PredictedLabel", "Score", "Probability"];

        var linear = SyntheticData.Linear([2f, -3.4f], 4.2f, 200, seed: 3);
        jobs.Add(new("regression-linear", ml.Regression.Trainers.TorchLinear(seed: 1).Fit(linear), linear, linear.Schema, regression));
        jobs.Add(new("regression-mlp", ml.Regression.Trainers.TorchMlp(new MlpOptions
        {
            Seed = 1, HiddenLayers = [8], Epochs = 3, Optimizer = OptimizerKind.Adam, LearningRate = 0.01,
        }).Fit(linear), linear, linear.Schema, regression));
        jobs.Add(new("regression-ensemble", ml.Regression.Trainers.TorchMlp(new MlpOptions
        {
            Seed = 2, HiddenLayers = [8], Dropout = [0.2], Epochs = 3, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, EnsembleSize = 3,
        }).Fit(linear), linear, linear.Schema, regression));

        var blobs = Blobs.Make(40, seed: 1);
        var features = blobs.GetColumn<float[]>("Features").ToArray();
        var classes = blobs.GetColumn<uint>("Label").ToArray();
        string[] animals = ["cat", "dog", "bird"];
        var text = ml.Data.LoadFromEnumerable(features.Select((f, i) => new TextLabelRow { Features = f, Animal = animals[classes[i] - 1] }).ToArray());
        jobs.Add(new("multiclass-softmax-text-label", ml.Transforms.Conversion.MapValueToKey("Label", "Animal")
            .Append(ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1)).Fit(text), text, text.Schema, multiclass));
        var numbers = ml.Data.LoadFromEnumerable(features.Select((f, i) => new NumberLabelRow { Features = f, Grade = 10f * classes[i] }).ToArray());
        jobs.Add(new("multiclass-mlp-number-label", ml.Transforms.Conversion.MapValueToKey("Label", "Grade")
            .Append(ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 1, HiddenLayers = [8], Epochs = 5 })).Fit(numbers),
            numbers, numbers.Schema, multiclass));

        var twoBlobs = BinaryTests.TwoBlobs(ml, 60, seed: 2, spread: 2.0);
        jobs.Add(new("binary-mlp", ml.BinaryClassification.Trainers.TorchMlp(seed: 1, hiddenLayers: [8], epochs: 5).Fit(twoBlobs),
            twoBlobs, twoBlobs.Schema, binary));

        var tiny = ml.Data.LoadFromCsv(RepoPaths.Oracle("a_d2l_house_tiny", "house_tiny.csv"));
        jobs.Add(new("preprocessing-only", ml.Transforms.FillNaMean().Append(ml.Transforms.GetDummies()).Append(ml.Transforms.Standardize()).Fit(tiny),
            tiny, tiny.Schema, ["NumRooms", "Alley", "Price"]));

        var house = TabularData.Load(RepoPaths.HousePrices("train.csv"), RepoPaths.HousePrices("test.csv"), "SalePrice", "Id", TabularTask.Regression);
        var trainer = ml.Regression.Trainers.TorchMlp(new MlpOptions
        {
            Seed = 1, HiddenLayers = [32], Epochs = 3, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, OutputBiasFromLabelMean = true,
        });
        var kaggle = TabularPipeline.Build(ml, house, trainer, logTarget: true).Fit(TabularPipeline.PrepareLabels(ml, house, logTarget: true).Transform(house.Train));
        jobs.Add(new("kaggle-house-prices", kaggle, house.Test!, house.Test!.Schema, ["Score", TabularColumns.Default.Prediction]));

        var dir = Directory.CreateTempSubdirectory("diveml-plain-app-").FullName;
        try
        {
            var manifest = new List<string>();
            foreach (var job in jobs)
            {
                var zip = Path.Combine(dir, job.Name + ".zip");
                ml.Model.Save(job.Model, job.SaveSchema, zip);
                PlainCsv.Write(job.Input, Path.Combine(dir, job.Name + ".csv"));
                manifest.Add(string.Join('\t', zip, Path.Combine(dir, job.Name + ".csv"), Path.Combine(dir, job.Name + ".tsv"), string.Join(',', job.Columns)));
            }
            File.WriteAllLines(Path.Combine(dir, "jobs.tsv"), manifest);

            var (code, _, err) = PlainApp.Run("--batch", Path.Combine(dir, "jobs.tsv"));
            Assert.True(code == 0, $"the plain app failed: {err}");

            foreach (var job in jobs)
            {
                var expected = new StringWriter();
                PredictionText.Write(job.Model.Transform(job.Input), job.Columns, expected);
                var expectedLines = expected.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
                var actualLines = File.ReadAllLines(Path.Combine(dir, job.Name + ".tsv"));
                long rows = CountRows(job.Input);
                Assert.True(rows > 0 && expectedLines.Length == rows + 2, $"{job.Name}: {expectedLines.Length} lines for {rows} rows");
                Assert.Equal(expectedLines.Length, actualLines.Length);
                for (int i = 0; i < expectedLines.Length; i++)
                    Assert.True(expectedLines[i] == actualLines[i], $"{job.Name}, line {i + 1}: fitted pipeline\n  {expectedLines[i]}\nplain app\n  {actualLines[i]}");
            }
            // The classes keep their type after loading: numbers stay Single (not text), names stay text.
            Assert.Contains("key values Vector<Single, 3>", File.ReadAllLines(Path.Combine(dir, "multiclass-mlp-number-label.tsv"))[1]);
            Assert.Contains("key values Vector<String, 3>", File.ReadAllLines(Path.Combine(dir, "multiclass-softmax-text-label.tsv"))[1]);
            // Score's slot names are the classes (the ONNX graph's mlnet.Score.SlotNames node).
            Assert.Contains("with slot names cat|dog|bird", File.ReadAllLines(Path.Combine(dir, "multiclass-softmax-text-label.tsv"))[1]);
            Assert.Contains("with slot names 10|20|30", File.ReadAllLines(Path.Combine(dir, "multiclass-mlp-number-label.tsv"))[1]);
            Assert.Contains("Boolean", File.ReadAllLines(Path.Combine(dir, "binary-mlp.tsv"))[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long CountRows(IDataView view)
    {
        long rows = 0;
        using var cursor = view.GetRowCursor([]);
        while (cursor.MoveNext()) rows++;
        return rows;
    }

    [Fact]
    public void A_model_that_needs_DiveML_to_load_fails_in_the_plain_app()
    {
        // The control case: a chain with a CustomMapping needs the assembly that defines the mapping, which the plain
        // app does not have. Without this, the test above could pass because the app silently found DiveML.
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([1f], 0f, 20, seed: 1);
        var model = ml.Transforms.CustomMapping<ControlIn, ControlOut>(ControlMapping.Map, ControlMapping.ContractName).Fit(data);
        var dir = Directory.CreateTempSubdirectory("diveml-plain-app-control-").FullName;
        try
        {
            var zip = Path.Combine(dir, "control.zip");
            ml.Model.Save(model, data.Schema, zip);
            PlainCsv.Write(data, Path.Combine(dir, "control.csv"));
            var (code, _, err) = PlainApp.Run(zip, Path.Combine(dir, "control.csv"), "Doubled");
            Assert.NotEqual(0, code);
            Assert.True(err.Contains(ControlMapping.ContractName) || err.Contains("DiveML.Tests"), err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_plain_app_is_built_without_DiveML_or_TorchSharp()
    {
        var deps = File.ReadAllText(Path.Combine(PlainApp.Directory, "PlainMlNetApp.deps.json"));
        Assert.Contains("Microsoft.ML.OnnxTransformer", deps);
        Assert.DoesNotContain("DiveML", deps);
        Assert.DoesNotContain("TorchSharp", deps);
        Assert.Empty(Directory.GetFiles(PlainApp.Directory, "DiveML*.dll"));
        Assert.Empty(Directory.GetFiles(PlainApp.Directory, "TorchSharp*.dll"));
    }
}

public sealed class ControlIn
{
    [VectorType(1)]
    public float[] Features { get; set; } = [];
}

public sealed class ControlOut
{
    public float Doubled { get; set; }
}

[Microsoft.ML.Transforms.CustomMappingFactoryAttribute(ContractName)]
public sealed class ControlMapping : Microsoft.ML.Transforms.CustomMappingFactory<ControlIn, ControlOut>
{
    public const string ContractName = "DiveML.Tests.ControlMapping";

    public static void Map(ControlIn input, ControlOut output) => output.Doubled = 2 * input.Features[0];

    public override Action<ControlIn, ControlOut> GetMapping() => Map;
}
