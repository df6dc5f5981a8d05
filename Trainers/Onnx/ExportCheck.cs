using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// Runs a few rows through the exported network graph (ONNX Runtime) and through <c>forward</c> (TorchSharp) and says
/// where they differ: a module's <see cref="IOnnxExportable.ExportOnnx"/> is the user's code, and a wrong one must
/// block saving rather than deploy a model that scores differently after loading.
/// </summary>
internal static class ExportCheck
{
    /// <summary>|onnx − forward| ≤ Tolerance · max(1, |forward|): float32 summation order differs between the two (≈1e-6 relative), a wrong graph does not.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>Null when the graph agrees with forward on every row, else what differs.</summary>
    public static string? Compare(nn.Module<Tensor, Tensor> network, Device device, float[] rows, int features, int outputs, int count, IReadOnlyList<string> userModules)
    {
        byte[] raw;
        try
        {
            raw = NetworkExporter.ExportRaw(network, features, outputs);
        }
        catch (OnnxExportBlockedException e)
        {
            return e.Message;
        }
        using var session = new InferenceSession(raw);
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var _ = no_grad();
            for (int row = 0; row < count; row++)
            {
                var values = rows.AsSpan(row * features, features).ToArray();
                using var scope = NewDisposeScope();
                var expected = network.forward(tensor(values, [1, features]).to(device)).cpu().contiguous().data<float>().ToArray();
                using var results = session.Run([NamedOnnxValue.CreateFromTensor(NetworkExporter.RawInput, new DenseTensor(values, [1, features]))]);
                var actual = results.First().AsEnumerable<float>().ToArray();
                if (actual.Length != expected.Length)
                    return $"the exported graph gives {actual.Length} outputs where forward gives {expected.Length}";
                for (int k = 0; k < expected.Length; k++)
                    if (!(Math.Abs(actual[k] - expected[k]) <= Tolerance * Math.Max(1, Math.Abs(expected[k]))))
                        return $"the exported graph computes {actual[k]} where forward computes {expected[k]} (training row {row + 1}, output {k + 1}): " +
                            $"check ExportOnnx of {string.Join(", ", userModules)} against its forward";
            }
            return null;
        }
        finally
        {
            if (wasTraining) network.train();
        }
    }
}
