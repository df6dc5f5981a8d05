using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Onnx;

/// <summary>A module of the network cannot be written as ONNX: names it by its full path and says why.</summary>
internal sealed class OnnxExportBlockedException(string path, nn.Module module, string reason)
    : Exception($"{(path.Length == 0 ? "" : "module ")}{NetworkExport.Describe(path, module)}: {reason}")
{
    /// <summary>The module's full path ("" for the network itself).</summary>
    public string ModulePath { get; } = path;
}
