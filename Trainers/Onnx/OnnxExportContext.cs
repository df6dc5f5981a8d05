using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// What a module's <see cref="IOnnxExportable.ExportOnnx"/> writes with: ONNX nodes (opset 13), the module's own
/// parameters and buffers as initialisers named by their PyTorch <c>state_dict</c> keys, constants, and its
/// submodules. One context per module; values are referred to by name.
/// </summary>
public sealed class OnnxExportContext
{
    private readonly NetworkExport _export;
    private readonly nn.Module _module;

    internal OnnxExportContext(NetworkExport export, nn.Module module, string path)
    {
        _export = export;
        _module = module;
        Path = path;
    }

    /// <summary>
    /// The module's full path from the network's top, as PyTorch names it in <c>state_dict</c> keys (<c>block.0</c>);
    /// empty for the network itself.
    /// </summary>
    public string Path { get; }

    /// <summary>
    /// The initialiser holding this module's own parameter or persistent buffer <paramref name="name"/> (as registered,
    /// e.g. <c>weight</c>), named by its full <c>state_dict</c> key (<c>Path.name</c>) and stored in torch's layout (a
    /// Linear weight is [out, in]). Asking twice for the same one returns the same initialiser (shared layers). A tensor
    /// that is no state_dict entry (a plain field, a non-persistent buffer) goes in with <see cref="Constant(string, Tensor)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The module has no parameter or buffer of that name.</exception>
    public string Parameter(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var tensor = _module.named_parameters(recurse: false).Where(p => p.name == name).Select(p => (Tensor)p.parameter)
            .Concat(_module.named_buffers(recurse: false, include_nonpersistent: false).Where(b => b.name == name).Select(b => b.buffer))
            .FirstOrDefault()
            ?? throw new ArgumentException(
                $"{Describe(capital: true)} has no parameter or buffer named '{name}'. Its own are: " +
                $"{string.Join(", ", _module.named_parameters(recurse: false).Select(p => p.name).Concat(_module.named_buffers(recurse: false, include_nonpersistent: false).Select(b => b.name)).DefaultIfEmpty("none"))}. " +
                "Register it (a Parameter or Tensor field and RegisterComponents(), or register_parameter/register_buffer), or pass a tensor that is no state_dict entry to Constant.", nameof(name));
        return _export.StateTensor(Path.Length == 0 ? name : $"{Path}.{name}", tensor);
    }

    /// <summary>A float32 constant that is not part of the <c>state_dict</c> (e.g. 0.5 in GELU), of shape <paramref name="shape"/> (none: a scalar).</summary>
    public string Constant(string name, float[] values, params long[] shape) => _export.Graph.Initializer(_export.Graph.Fresh(Prefixed(name)), values, shape);

    /// <summary>An int64 constant that is not part of the <c>state_dict</c> (e.g. a shape for Reshape).</summary>
    public string Constant(string name, long[] values, params long[] shape) => _export.Graph.Initializer(_export.Graph.Fresh(Prefixed(name)), values, shape);

    /// <summary>A constant from a float32 tensor that is not part of the <c>state_dict</c> (e.g. a fixed random weight held in a plain field).</summary>
    public string Constant(string name, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Constant(name, NetworkExport.Floats(values), values.shape);
    }

    /// <summary>
    /// Adds a node of the default ONNX domain (opset 13 semantics) reading <paramref name="inputs"/>; returns the name
    /// of its (single) output. An optional input left out in the middle is written as the empty string.
    /// </summary>
    /// <param name="opType">The operator, e.g. <c>MatMul</c>, <c>Add</c>, <c>Relu</c>, <c>ReduceMean</c>.</param>
    /// <param name="inputs">Value names: the module's input, earlier outputs, parameters or constants.</param>
    /// <param name="attributes">The operator's attributes, e.g. <c>("axis", 1L)</c>.</param>
    public string Node(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        return _export.Graph.Node(opType, [.. inputs], _export.Graph.Fresh(Prefixed(opType)), attributes.Select(a => (a.Name, a.Value)).ToArray());
    }

    /// <summary>
    /// Exports <paramref name="child"/>, a module registered under this one (a field and <c>RegisterComponents()</c>,
    /// at any depth), reading <paramref name="input"/>; returns its output. Calling it twice for one child reuses that
    /// child's initialisers (d2l 5.2's shared layers).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="child"/> is not registered under this module.</exception>
    public string Child(nn.Module child, string input)
    {
        ArgumentNullException.ThrowIfNull(child);
        var relative = _module.named_modules().Where(m => m.name.Length > 0 && ReferenceEquals(m.module, child)).Select(m => m.name).FirstOrDefault()
            ?? throw new ArgumentException(
                $"The {child.GetType().Name} passed to Child is not registered under {Describe(capital: false)}: keep it in a field and call RegisterComponents() in the constructor.",
                nameof(child));
        return _export.Emit(child, Path.Length == 0 ? relative : $"{Path}.{relative}", input);
    }

    private string Describe(bool capital) => Path.Length == 0
        ? $"{(capital ? "The" : "the")} network ({_module.GetType().Name})"
        : $"{(capital ? "Module" : "module")} '{Path}' ({_module.GetType().Name})";

    private string Prefixed(string name) => Path.Length == 0 ? name : $"{Path}/{name}";
}
