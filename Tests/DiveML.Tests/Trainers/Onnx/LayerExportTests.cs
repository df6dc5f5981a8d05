using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using DiveML.Trainers.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DiveML.Tests.Trainers.Onnx;

/// <summary>
/// Every layer the exporter covers: the saved model's scores (ONNX Runtime) equal the TorchSharp forward pass of the
/// fitted network within 1e-5, row by row (ML.NET scores one row at a time).
/// </summary>
public class LayerExportTests
{
    private const int Features = 6;

    public static TheoryData<string> Layers() => new(Cases.Keys);

    /// <summary>Each case: a network of a Linear, the layer under test, and a Linear head (so the layer sees trained, signed inputs).</summary>
    private static readonly Dictionary<string, Func<int, int, Module<Tensor, Tensor>>> Cases = new()
    {
        ["Linear"] = (i, o) => Sequential(Linear(i, 8), Linear(8, o)),
        ["Linear without bias"] = (i, o) => Sequential(Linear(i, 8, hasBias: false), Linear(8, o)),
        ["ReLU"] = (i, o) => Sequential(Linear(i, 8), ReLU(), Linear(8, o)),
        ["Sigmoid"] = (i, o) => Sequential(Linear(i, 8), Sigmoid(), Linear(8, o)),
        ["Tanh"] = (i, o) => Sequential(Linear(i, 8), Tanh(), Linear(8, o)),
        ["GELU"] = (i, o) => Sequential(Linear(i, 8), GELU(), Linear(8, o)),
        ["GELU tanh"] = (i, o) => Sequential(Linear(i, 8), GELU(TorchSharp.Modules.GELU.Approximate.tanh), Linear(8, o)),
        ["LeakyReLU"] = (i, o) => Sequential(Linear(i, 8), LeakyReLU(0.1), Linear(8, o)),
        // β = 2, threshold 1: both of torch's branches (the linear one above the threshold) are reached.
        ["Softplus"] = (i, o) => Sequential(Linear(i, 8), Softplus(2, 1), Linear(8, o)),
        ["ELU"] = (i, o) => Sequential(Linear(i, 8), ELU(0.7), Linear(8, o)),
        ["Dropout"] = (i, o) => Sequential(Linear(i, 8), Dropout(0.5), Linear(8, o)),
        ["Identity"] = (i, o) => Sequential(Identity(), Linear(i, o)),
        ["Flatten"] = (i, o) => Sequential(Flatten(), Linear(i, o)),
        ["LayerNorm"] = (i, o) => Sequential(Linear(i, 8), LayerNorm(8), Linear(8, o)),
        ["LayerNorm without affine"] = (i, o) => Sequential(Linear(i, 8), LayerNorm([8], elementwise_affine: false), Linear(8, o)),
        ["BatchNorm1d"] = (i, o) => Sequential(Linear(i, 8), BatchNorm1d(8), Linear(8, o)),
        ["BatchNorm1d without affine"] = (i, o) => Sequential(Linear(i, 8), BatchNorm1d(8, affine: false), Linear(8, o)),
        ["Residual"] = (i, o) => Sequential(Linear(i, 8), new Residual(Sequential(Linear(8, 8), Tanh())), Linear(8, o)),
        ["nested Sequential"] = (i, o) => Sequential(("block", Sequential(("dense", Linear(i, 8)), ("act", ReLU()))), ("head", Linear(8, o))),
    };

    private static IDataView Data()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 64 * Features).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        var y = Enumerable.Range(0, 64).Select(r => x[r * Features] * x[r * Features + 1] - x[r * Features + 2]).ToArray();
        return DenseDataView.ForRegression(x, Features, y);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void The_saved_model_scores_as_the_forward_pass(string layer)
    {
        var ml = new MLContext(0);
        var data = Data();
        var model = ml.Regression.Trainers.TorchNetwork(new CustomNetworkOptions(Cases[layer])
        {
            Seed = 1, Epochs = 3, BatchSize = 16, LearningRate = 0.01, Optimizer = OptimizerKind.Adam,
        }).Fit(data);
        Assert.True(model.CanSave, model.SaveBlocker);
        using var buffer = new MemoryStream();
        ml.Model.Save(model, data.Schema, buffer);
        buffer.Position = 0;
        var loaded = new MLContext(1).Model.Load(buffer, out _);
        var scores = loaded.Transform(data).GetColumn<float>("Score").ToArray();
        var features = data.GetColumn<float[]>("Features").ToArray();
        using var noGrad = no_grad();
        for (int row = 0; row < features.Length; row++)
        {
            float expected = model.Network.forward(tensor(features[row], [1, Features])).item<float>();
            Assert.True(Math.Abs(scores[row] - expected) <= 1e-5f, $"{layer}, row {row}: ONNX {scores[row]}, forward {expected}");
        }
        // The network's state_dict (BatchNorm's buffers included) is in the saved model under its PyTorch names.
        Assert.Equal(StateDict.From(model.Network).Keys, StateDict.From(loaded).Keys);
    }

    [Fact]
    public void Classification_scores_are_the_softmax_of_the_forward_pass()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(30, seed: 4);
        var model = ml.MulticlassClassification.Trainers.TorchNetwork(new CustomNetworkOptions((i, o) => Sequential(Linear(i, 8), GELU(), LayerNorm(8), Linear(8, o)))
        { Seed = 1, Epochs = 3 }).Fit(data);
        var scores = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        var features = data.GetColumn<float[]>("Features").ToArray();
        using var _ = no_grad();
        for (int row = 0; row < features.Length; row++)
        {
            var expected = model.Network.forward(tensor(features[row], [1, features[row].Length])).softmax(1).data<float>().ToArray();
            Assert.Equal(expected, scores[row], new FloatTolerance(1e-5f));
        }
    }

    /// <summary>A module whose ExportOnnx does not compute what its forward computes.</summary>
    private sealed class WrongExport : Module<Tensor, Tensor>, IOnnxExportable
    {
        public WrongExport() : base(nameof(WrongExport)) { }

        public override Tensor forward(Tensor input) => input.tanh();

        public string ExportOnnx(OnnxExportContext onnx, string input) => onnx.Node("Sigmoid", [input]);
    }

    [Fact]
    public void An_export_that_disagrees_with_forward_blocks_saving()
    {
        var ml = new MLContext(0);
        var model = ml.Regression.Trainers.TorchNetwork(new CustomNetworkOptions((i, o) => Sequential(Linear(i, 8), new WrongExport(), Linear(8, o))) { Seed = 1, Epochs = 1 })
            .Fit(Data());
        Assert.False(model.CanSave);
        Assert.Contains("where forward computes", model.SaveBlocker);
        Assert.Contains("'1' (WrongExport)", model.SaveBlocker);
    }

    /// <summary>A module of its own that asks for a parameter it does not have.</summary>
    private sealed class MissingParameter : Module<Tensor, Tensor>, IOnnxExportable
    {
        public MissingParameter() : base(nameof(MissingParameter)) { }

        public override Tensor forward(Tensor input) => input;

        public string ExportOnnx(OnnxExportContext onnx, string input) => onnx.Node("Mul", [input, onnx.Parameter("scale")]);
    }

    [Fact]
    public void A_module_that_cannot_export_is_named_by_its_full_path_with_the_reason()
    {
        var ml = new MLContext(0);
        var data = Data();
        string Blocker(Func<int, int, Module<Tensor, Tensor>> factory)
            => ml.Regression.Trainers.TorchNetwork(new CustomNetworkOptions(factory) { Seed = 1, Epochs = 1 }).Fit(data).SaveBlocker!;

        var missing = Blocker((i, o) => Sequential(("body", Sequential(("scale", new MissingParameter()), ("dense", Linear(i, o))))));
        Assert.Contains("module 'body.scale' (MissingParameter)", missing);
        Assert.Contains("no parameter or buffer named 'scale'", missing);

        var flatten = Blocker((i, o) => Sequential(("flat", Flatten(1, 1)), ("dense", Linear(i, o))));
        Assert.Contains("module 'flat' (Flatten)", flatten);
        Assert.Contains("end_dim: 1", flatten);

        var batchStats = Blocker((i, o) => Sequential(("dense", Linear(i, 8)), ("norm", BatchNorm1d(8, track_running_stats: false)), ("head", Linear(8, o))));
        Assert.Contains("module 'norm' (BatchNorm1d)", batchStats);
        Assert.Contains("track_running_stats", batchStats);

        var residual = Blocker((i, o) => Sequential(("res", new Residual(Sequential(("inner", Mish())))), ("dense", Linear(i, o))));
        Assert.Contains("module 'res.inner.inner' (Mish)", residual); // Residual's own child is 'inner', the Sequential's child too
        Assert.Contains("not among the layers DiveML exports", residual);
    }
}
