using DiveML.Extensions.Data;
using DiveML.Tests.Extensions.BadInputs;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Tests.Trainers;

public class OnnxSessionsTests
{
    [Fact]
    public void A_model_file_that_ML_NET_happened_to_name_dot_ort_still_loads_as_ONNX()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([2f, -3.4f], 4.2f, 64, seed: 3);
        var model = ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Seed = 1, Epochs = 1 }).Fit(data);
        using var scratch = new ScratchFolder();
        // ML.NET names its temporary copy with Path.GetRandomFileName(): once in 32,768 the extension is "ort".
        var path = scratch["abcdefgh.ort"];
        File.WriteAllBytes(path, model.OnnxModel!);
        // With ML.NET's own session options ONNX Runtime reads it as its flatbuffer format and fails: why the setting exists.
        var e = Assert.ThrowsAny<Exception>(() => new MLContext(0).Transforms.ApplyOnnxModel(path).Fit(data));
        Assert.Contains("ORT model verification failed", e.ToString());
        var scored = OnnxSessions.Configure(new MLContext(0)).Transforms.ApplyOnnxModel(path).Fit(data).Transform(data);
        Assert.Equal(64, scored.Preview(maxRows: 100).RowView.Length);
    }
}
