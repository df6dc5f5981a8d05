using DiveML.Extensions.Data;
using DiveML.Trainers;
using DiveML.Trainers.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadSyntheticLinear([2f, -3.4f], 4.2f, 200);
var model = ml.Regression.Trainers.TorchNetwork((inputs, outputs) => nn.Sequential(
    ("0", nn.Linear(inputs, 8)), ("1", new CenteredLayer()), ("2", nn.Linear(8, outputs))), epochs: 20, seed: 1).Fit(data);
ml.Model.Save(model, data.Schema, "centered.zip");                  // CenteredLayer wrote itself into the ONNX graph
var loaded = ml.Model.Load("centered.zip", out _);                  // scores through ONNX Runtime, without libtorch
float fitted = model.Transform(data).GetColumn<float>("Score").First(), reloaded = loaded.Transform(data).GetColumn<float>("Score").First();
Console.WriteLine($"first prediction: {fitted} fitted, {reloaded} after loading");

sealed class CenteredLayer : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    public CenteredLayer() : base(nameof(CenteredLayer)) { }
    public override Tensor forward(Tensor x) => x - x.mean();
    public string ExportOnnx(OnnxExportContext onnx, string x) => onnx.Node("Sub", [x, onnx.Node("ReduceMean", [x], ("keepdims", 0L))]);
}
