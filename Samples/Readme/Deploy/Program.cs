using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext();
var model = ml.Model.Load("fashion-mlp.zip", out DataViewSchema inputSchema);     // no DiveML or TorchSharp reference
var images = ml.Data.LoadFromEnumerable([new Image()]);
var predicted = model.Transform(images).GetColumn<float[]>("Score").Single();
Console.WriteLine($"a blank image: class {Array.IndexOf(predicted, predicted.Max())} with probability {predicted.Max():F2}");

class Image
{
    [VectorType(784)] public float[] Features { get; set; } = new float[784];
}
