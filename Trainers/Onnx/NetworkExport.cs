using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// One export of a network into an ONNX graph: walks the module tree by full path (the PyTorch <c>state_dict</c>
/// prefixes), lets <see cref="IOnnxExportable"/> modules write themselves, exports Sequential containers and the
/// built-in layers (<see cref="BuiltInLayers"/>), names parameter initialisers by their <c>state_dict</c> keys, and
/// records the whole <c>state_dict</c> (names, types, shapes) in the model's metadata so a saved model's parameters
/// can be read back (<see cref="StateDict.FromSavedModel(string)"/>).
/// </summary>
internal sealed class NetworkExport
{
    /// <summary>The ONNX metadata key under which the network's <c>state_dict</c> layout is stored (JSON).</summary>
    public const string StateDictMetadataKey = "diveml.state_dict";

    private readonly Dictionary<string, Tensor> _stateTensors = new(StringComparer.Ordinal);

    public NetworkExport(OnnxGraphBuilder graph) => Graph = graph;

    public OnnxGraphBuilder Graph { get; }

    /// <summary>Modules of the user's own (not DiveML's or TorchSharp's) that exported themselves: their graphs are checked against forward.</summary>
    public List<string> UserModules { get; } = [];

    /// <summary>Adds the nodes of <paramref name="module"/> at <paramref name="path"/> reading <paramref name="input"/>; returns its output.</summary>
    /// <exception cref="OnnxExportBlockedException">A module cannot be exported; it names the innermost one.</exception>
    public string Emit(nn.Module module, string path, string input)
    {
        try
        {
            switch (module)
            {
                case IOnnxExportable exportable:
                    if (module.GetType().Assembly != typeof(NetworkExport).Assembly) UserModules.Add(Describe(path, module));
                    return exportable.ExportOnnx(new OnnxExportContext(this, module, path), input)
                        ?? throw new InvalidOperationException("ExportOnnx returned null instead of its output's name.");
                case TorchSharp.Modules.Sequential sequential:
                    foreach (var (name, child) in sequential.named_children())
                        input = Emit(child, path.Length == 0 ? name : $"{path}.{name}", input);
                    return input;
                default:
                    return BuiltInLayers.Export(new OnnxExportContext(this, module, path), module, input)
                        ?? throw new OnnxExportBlockedException(path, module, module.GetType().Assembly == typeof(nn.Module).Assembly
                            ? $"not among the layers DiveML exports ({BuiltInLayers.Covered}); wrap it in a module of your own that implements DiveML.Trainers.Onnx.IOnnxExportable"
                            : "its forward is code DiveML cannot read; implement DiveML.Trainers.Onnx.IOnnxExportable to describe it in ONNX");
            }
        }
        catch (OnnxExportBlockedException)
        {
            throw;
        }
        catch (NotSupportedException e)
        {
            throw new OnnxExportBlockedException(path, module, e.Message);
        }
        catch (Exception e)
        {
            throw new OnnxExportBlockedException(path, module, $"its ONNX export failed: {e.Message}");
        }
    }

    /// <summary>The initialiser of a state_dict entry, added once (a layer used twice shares its weights).</summary>
    public string StateTensor(string key, Tensor tensor)
    {
        if (_stateTensors.TryGetValue(key, out var known))
        {
            if (!ReferenceEquals(known, tensor)) throw new InvalidOperationException($"Two different tensors claim the state_dict key '{key}'.");
            return key;
        }
        _stateTensors[key] = tensor;
        return tensor.dtype switch
        {
            ScalarType.Float32 => Graph.Initializer(key, Floats(tensor), tensor.shape),
            ScalarType.Int64 => Graph.Initializer(key, Longs(tensor), tensor.shape),
            _ => throw new NotSupportedException($"'{key}' is {tensor.dtype}; DiveML's ONNX graphs compute in Float32 (convert the module with .to(float32))."),
        };
    }

    /// <summary>
    /// Records the network's whole state_dict in the model's metadata: entries the graph reads are named there (their
    /// values are the initialisers); entries no node reads (BatchNorm's num_batches_tracked, a parameter the forward
    /// ignores) carry their values inline, because ONNX Runtime drops unused initialisers (with a warning).
    /// </summary>
    public void RecordStateDict(nn.Module network)
    {
        var entries = new List<StateDictLayout>();
        foreach (var (key, tensor) in StateDict.Entries(network))
        {
            string type = tensor.dtype switch
            {
                ScalarType.Float32 => "float32",
                ScalarType.Int64 => "int64",
                ScalarType.Float64 => "float64",
                _ => throw new NotSupportedException($"state_dict entry '{key}' is {tensor.dtype}; DiveML saves Float32, Float64 and Int64 tensors."),
            };
            bool inGraph = Graph.IsReferencedInitializer(key);
            entries.Add(new StateDictLayout(key, type, tensor.shape, inGraph ? null : tensor.dtype == ScalarType.Int64 ? Longs(tensor).Select(v => (double)v).ToArray() : Doubles(tensor)));
        }
        Graph.Metadata(StateDictMetadataKey, JsonSerializer.Serialize(entries, StateDictLayout.Json.ListStateDictLayout));
    }

    public static string Describe(string path, nn.Module module) => path.Length == 0 ? $"the network ({module.GetType().Name})" : $"'{path}' ({module.GetType().Name})";

    internal static float[] Floats(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        return cpu.data<float>().ToArray();
    }

    private static double[] Doubles(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().to(ScalarType.Float64).contiguous();
        return cpu.data<double>().ToArray();
    }

    private static long[] Longs(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        return cpu.data<long>().ToArray();
    }
}
