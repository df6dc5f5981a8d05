using DiveML.D2l.Blocks;
using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using PlainMlNetApp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DiveML.Tests.Deployment;

/// <summary>
/// The book's blocks and custom layers of 5.1–5.4 (Samples/d2l/Blocks: a subclassed MLP with its own forward, a
/// Sequential of one's own, FixedHiddenMLP's constant weight and shared layer, nested blocks, CenteredLayer, MyLinear)
/// save, load in a fresh process that has no DiveML (Tests/PlainMlNetApp) and give the fitted object's predictions.
/// </summary>
public class CustomBlockDeploymentTests
{
    private sealed record Job(string Name, ITransformer Model, IDataView Data, string[] Columns);

    [Fact]
    public void The_books_blocks_score_identically_in_a_plain_ML_NET_app_after_saving()
    {
        var ml = new MLContext(0);
        var regression = SyntheticData.Linear(Enumerable.Range(0, 20).Select(i => (i % 5 - 2) * 0.5f).ToArray(), 1f, 120, seed: 7);
        var options = (Func<int, int, Module<Tensor, Tensor>> factory) => new CustomNetworkOptions(factory)
        {
            Seed = 1, Epochs = 4, BatchSize = 16, LearningRate = 0.01, Optimizer = OptimizerKind.Adam,
        };
        var networks = new (string Name, Func<int, int, Module<Tensor, Tensor>> Factory)[]
        {
            ("mlp-subclass", (i, o) => new MlpBlock(i, 32, o)),
            ("my-sequential", (i, o) => new MySequential(Linear(i, 16), ReLU(), Linear(16, o))),
            ("fixed-hidden-mlp", (i, o) => new FixedHiddenMlp(i, o)),
            ("chimera", (i, o) => Sequential(("0", new NestMlp(i)), ("1", Linear(16, 20)), ("2", new FixedHiddenMlp(20, o)))),
            ("centered-layer", (i, o) => Sequential(Linear(i, 16), new CenteredLayer(), Linear(16, o))),
            ("my-linear", (i, o) => Sequential(new MyLinear(i, 8), Linear(8, o))),
        };
        var jobs = new List<Job>();
        foreach (var (name, factory) in networks)
        {
            var model = ml.Regression.Trainers.TorchNetwork(options(factory)).Fit(regression);
            Assert.True(model.CanSave, $"{name}: {model.SaveBlocker}");
            // The fitted object scores through the same ONNX graph; it must also be the TorchSharp forward pass.
            var scores = model.Transform(regression).GetColumn<float>("Score").ToArray();
            var features = regression.GetColumn<float[]>("Features").ToArray();
            using (no_grad())
                for (int row = 0; row < features.Length; row++)
                    Assert.True(Math.Abs(scores[row] - model.Network.forward(tensor(features[row], [1, 20])).item<float>()) <= 1e-5f, $"{name}, row {row}");
            jobs.Add(new(name, model, regression, ["Score"]));
        }
        var blobs = Blobs.Make(40, seed: 2);
        jobs.Add(new("mlp-subclass-multiclass", ml.MulticlassClassification.Trainers.TorchNetwork(new CustomNetworkOptions((i, o) => new MlpBlock(i, 16, o)) { Seed = 1, Epochs = 5 })
            .Fit(blobs), blobs, ["PredictedLabel", "Score"]));

        var dir = Directory.CreateTempSubdirectory("diveml-blocks-").FullName;
        try
        {
            var manifest = new List<string>();
            foreach (var job in jobs)
            {
                var zip = Path.Combine(dir, job.Name + ".zip");
                ml.Model.Save(job.Model, job.Data.Schema, zip);
                PlainCsv.Write(job.Data, Path.Combine(dir, job.Name + ".csv"));
                manifest.Add(string.Join('\t', zip, Path.Combine(dir, job.Name + ".csv"), Path.Combine(dir, job.Name + ".tsv"), string.Join(',', job.Columns)));
            }
            File.WriteAllLines(Path.Combine(dir, "jobs.tsv"), manifest);
            var (code, _, err) = PlainApp.Run("--batch", Path.Combine(dir, "jobs.tsv"));
            Assert.True(code == 0, $"the plain app failed: {err}");
            foreach (var job in jobs)
            {
                var expected = new StringWriter();
                PredictionText.Write(job.Model.Transform(job.Data), job.Columns, expected);
                var expectedLines = expected.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
                var actualLines = File.ReadAllLines(Path.Combine(dir, job.Name + ".tsv"));
                Assert.True(expectedLines.Length > 2, job.Name);
                Assert.Equal(expectedLines, actualLines);
            }
            // 5.2 on a loaded model: the parameters keep the block's own names (its fields), read without TorchSharp.
            Assert.Equal(["hidden.weight", "hidden.bias", "out.weight", "out.bias"], StateDict.FromSavedModel(Path.Combine(dir, "mlp-subclass.zip")).Keys);
            Assert.Equal(["0.net.0.weight", "0.net.0.bias", "0.net.2.weight", "0.net.2.bias", "0.linear.weight", "0.linear.bias", "1.weight", "1.bias",
                "2.linear.weight", "2.linear.bias", "2.head.weight", "2.head.bias"], StateDict.FromSavedModel(Path.Combine(dir, "chimera.zip")).Keys);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
